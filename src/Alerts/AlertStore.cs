using Azure;
using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.Storage;

namespace HeatRelief.Alerts;

/// <summary>The Alerts table: one partition per local day, one row per alert id.</summary>
public sealed class AlertStore(StorageClients clients)
{
    public async Task<(Alert Alert, AlertProgress Progress)?> GetAsync(string dateKey, string alertId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Alerts, ct);
        var e = await table.GetEntityIfExistsAsync<TableEntity>(dateKey, alertId, cancellationToken: ct);
        return e.HasValue ? (ToAlert(e.Value!), ToProgress(e.Value!)) : null;
    }

    /// <summary>
    /// Alerts of one day by id, with their progress: one query for up to ten ids (a row-key OR filter in the day's
    /// partition). An id without a row is left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (Alert Alert, AlertProgress Progress)>> GetManyAsync(string dateKey, IEnumerable<string> alertIds, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Alerts, ct);
        var result = new Dictionary<string, (Alert, AlertProgress)>(StringComparer.Ordinal);
        foreach (var ids in alertIds.Distinct(StringComparer.Ordinal).Chunk(10))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {dateKey}") + " and ("
                + string.Join(" or ", ids.Select(id => TableClient.CreateQueryFilter($"RowKey eq {id}"))) + ")";
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                result[e.RowKey] = (ToAlert(e), ToProgress(e));
            }
        }

        return result;
    }

    /// <summary>Inserts alerts that are not there yet; returns the ids this call created.</summary>
    public async Task<IReadOnlySet<string>> InsertIfAbsentAsync(string dateKey, IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Alerts, ct);
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in alerts.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(batch.Select(a => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(a))), ct);
                created.UnionWith(batch.Select(a => a.Id));
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                // Another heat check (or an earlier attempt of this one) wrote some of them: insert one by one.
                foreach (var alert in batch)
                {
                    try
                    {
                        await table.AddEntityAsync(ToEntity(alert), ct);
                        created.Add(alert.Id);
                    }
                    catch (RequestFailedException conflict) when (conflict.IsConflict())
                    {
                    }
                }
            }
        }

        return created;
    }

    /// <summary>Marks alerts as put on the queue.</summary>
    public async Task MarkEnqueuedAsync(string dateKey, IEnumerable<string> alertIds, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Alerts, ct);
        foreach (var batch in alertIds.Chunk(100))
        {
            await table.SubmitTransactionAsync(
                batch.Select(id => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(dateKey, id) { ["Enqueued"] = true }, ETag.All)),
                ct);
        }
    }

    /// <summary>Alerts of a day that were created but never confirmed on the queue (a crash between the two).</summary>
    public async Task<IReadOnlyList<Alert>> ListNotEnqueuedAsync(string dateKey, DateTimeOffset createdBefore, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Alerts, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {dateKey} and Enqueued eq {false} and CreatedAt lt {createdBefore}");
        var result = new List<Alert>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(ToAlert(e));
        }

        return result;
    }

    /// <summary>
    /// Records that the fan-out finished. Not guarded by the ETag the fan-out read: the heat check marks an alert
    /// enqueued only after queueing it, so a fan-out that read the row in between would lose its mark on a 412
    /// and a redelivered message would fan out again. Whoever writes it, the mark and the counts are the same.
    /// </summary>
    public async Task MarkFannedOutAsync(string dateKey, string alertId, int recipients, int chunks, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Alerts, ct);
        await table.UpdateEntityAsync(
            new TableEntity(dateKey, alertId) { ["FanOutCompleted"] = true, ["RecipientsQueued"] = recipients, ["ChunksQueued"] = chunks },
            ETag.All, TableUpdateMode.Merge, ct);
    }

    /// <summary>
    /// <see cref="MarkFannedOutAsync"/> for several alerts of one day: one transaction per 100 (a work message's
    /// alerts share the day's partition).
    /// </summary>
    public async Task MarkFannedOutManyAsync(string dateKey, IReadOnlyList<(string AlertId, int Recipients, int Chunks)> marks, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Alerts, ct);
        foreach (var batch in marks.DistinctBy(m => m.AlertId, StringComparer.Ordinal).Chunk(100))
        {
            await table.SubmitTransactionAsync(
                batch.Select(m => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                    new TableEntity(dateKey, m.AlertId) { ["FanOutCompleted"] = true, ["RecipientsQueued"] = m.Recipients, ["ChunksQueued"] = m.Chunks }, ETag.All)),
                ct);
        }
    }

    /// <summary>Every alert of a day (for summaries and tests).</summary>
    public async Task<IReadOnlyList<(Alert Alert, AlertProgress Progress)>> ListAsync(string dateKey, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Alerts, ct);
        var result = new List<(Alert, AlertProgress)>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == dateKey, cancellationToken: ct))
        {
            result.Add((ToAlert(e), ToProgress(e)));
        }

        return result;
    }

    private static TableEntity ToEntity(Alert a)
    {
        var entity = Columns(a);
        WarningColumns.Write(entity, a.Warning);
        return entity;
    }

    private static TableEntity Columns(Alert a) => new(a.DateKey, a.Id)
    {
        ["SiteId"] = a.SiteId,
        ["Kind"] = a.Kind.ToWire(),
        ["Level"] = a.Level.ToWire(),
        ["PreviousLevel"] = a.PreviousLevel.ToWire(),
        ["UtcOffsetSeconds"] = a.UtcOffsetSeconds,
        ["CreatedAt"] = a.CreatedAt,
        ["Enqueued"] = false,
        ["FanOutCompleted"] = false,
        ["Signal"] = a.Grade.Signal.ToWire(),
        ["GradeLevel"] = a.Grade.Level.ToWire(),
        ["MaxTemperatureC"] = a.Grade.MaxTemperatureC,
        ["MaxHeatIndexC"] = double.IsNaN(a.Grade.MaxHeatIndexC) ? null : a.Grade.MaxHeatIndexC,
        ["HeatIndexBand"] = a.Grade.HeatIndexBand.ToWire(),
        ["HottestStart"] = a.Grade.HottestWindow?.StartText,
        ["HottestHours"] = a.Grade.HottestWindow?.Hours,
        ["HottestMeanC"] = a.Grade.HottestWindow?.MeanTemperatureC,
        ["FallbackStartHour"] = a.Grade.FallbackWindow?.StartHour,
        ["FallbackEndHour"] = a.Grade.FallbackWindow?.EndHour,
        ["Advice"] = a.Grade.Advice.ToWire(),
        ["MaxOutdoorHours"] = a.Grade.MaxOutdoorHours,
        ["Complete"] = a.Grade.Complete,
        ["Rule"] = a.Grade.Rule,
    };

    private static Alert ToAlert(TableEntity e)
    {
        var date = DateOnly.ParseExact(e.PartitionKey, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var start = e.GetString("HottestStart");
        var window = start is null
            ? null
            : new HottestWindow(TimeOnly.ParseExact(start, "HH\\:mm", System.Globalization.CultureInfo.InvariantCulture), e.GetInt32("HottestHours") ?? 3, e.GetDouble("HottestMeanC") ?? 0);
        var grade = new HeatGrade(
            date,
            HeatLevelWire.FromWire(e.GetString("GradeLevel")),
            HeatLevelWire.FromWire(e.GetString("Signal")),
            e.GetDouble("MaxTemperatureC") ?? 0,
            e.GetDouble("MaxHeatIndexC") ?? double.NaN,
            HeatIndexBandWire.FromWire(e.GetString("HeatIndexBand")),
            window,
            WorkAdviceWire.FromWire(e.GetString("Advice")),
            e.GetInt32("MaxOutdoorHours") ?? 24,
            e.GetBoolean("Complete") ?? true,
            e.GetString("Rule") ?? string.Empty)
        {
            FallbackWindow = e.GetInt32("FallbackStartHour") is { } from && e.GetInt32("FallbackEndHour") is { } to ? new HourSpan(from, to) : null,
        };
        return new Alert(
            e.RowKey,
            e.GetString("SiteId") ?? string.Empty,
            date,
            AlertKindWire.FromWire(e.GetString("Kind")),
            HeatLevelWire.FromWire(e.GetString("Level")),
            HeatLevelWire.FromWire(e.GetString("PreviousLevel")),
            grade,
            e.GetInt32("UtcOffsetSeconds") ?? 0,
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            WarningColumns.Read(e));
    }

    private static AlertProgress ToProgress(TableEntity e) => new(
        e.GetBoolean("Enqueued") ?? false, e.GetBoolean("FanOutCompleted") ?? false, e.GetInt32("RecipientsQueued") ?? 0, e.ETag);
}

using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.Storage;

namespace HeatRelief.Acks;

/// <summary>
/// The Acks table: one partition per heat day, one row per site (the ask, the first answer, later answers as
/// JSON, and the follow-up steps taken). Every change is guarded by an ETag. A heat day has one row per alerted
/// site, so the follow-up timer's read of a day is one partition query.
/// </summary>
public sealed class AckStore(StorageClients clients)
{
    public async Task<StoredAck?> GetAsync(string dateKey, string siteId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Acks, ct);
        var e = await table.GetEntityIfExistsAsync<TableEntity>(dateKey, siteId, cancellationToken: ct);
        return e.HasValue ? ToStored(e.Value!) : null;
    }

    /// <summary>The cases of several sites on one heat day, by site id (one range query; a site with none is absent).</summary>
    public async Task<IReadOnlyDictionary<string, StoredAck>> GetManyAsync(string dateKey, IReadOnlyCollection<string> siteIds, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Acks, ct);
        var result = new Dictionary<string, StoredAck>(StringComparer.Ordinal);
        await foreach (var e in table.RowsByKeysAsync(dateKey, siteIds, ct))
        {
            result[e.RowKey] = ToStored(e);
        }

        return result;
    }

    /// <summary>Creates the case unless one exists; true when this call created it.</summary>
    public async Task<bool> InsertIfAbsentAsync(AckCase ack, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Acks, ct);
        try
        {
            await table.AddEntityAsync(ToEntity(ack), ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    /// <summary>Writes a new state if nobody changed the row since it was read; null when someone did.</summary>
    public async Task<StoredAck?> TryUpdateAsync(StoredAck stored, AckCase next, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Acks, ct);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(next), stored.ETag, TableUpdateMode.Replace, ct);
            return new StoredAck(next, response.Headers.ETag ?? throw new InvalidOperationException("storage returned no ETag"));
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>
    /// Creates new cases of one heat day (one partition) in batches of 100, each all-or-nothing; returns the cases of the
    /// batches that failed because a case already existed (another check created it meanwhile), written by nobody here.
    /// </summary>
    public async Task<IReadOnlyList<AckCase>> InsertAllAsync(IReadOnlyList<AckCase> cases, CancellationToken ct)
    {
        var lost = new List<AckCase>();
        var table = await clients.TableAsync(TableNames.Acks, ct);
        foreach (var batch in cases.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(batch.Select(a => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(a))), ct);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                lost.AddRange(batch);
            }
        }

        return lost;
    }

    /// <summary>
    /// Replaces cases of one heat day in batches of 100, each guarded by the ETags read; returns the cases of the batches
    /// that failed because a row changed or vanished since it was read, written by nobody here.
    /// </summary>
    public async Task<IReadOnlyList<(StoredAck Stored, AckCase Next)>> ReplaceAllAsync(IReadOnlyList<(StoredAck Stored, AckCase Next)> changes, CancellationToken ct)
    {
        var lost = new List<(StoredAck, AckCase)>();
        var table = await clients.TableAsync(TableNames.Acks, ct);
        foreach (var batch in changes.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(batch.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(c.Next), c.Stored.ETag)), ct);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
            {
                lost.AddRange(batch);
            }
        }

        return lost;
    }

    /// <summary>Every case of one heat day.</summary>
    public async Task<IReadOnlyList<StoredAck>> ListDayAsync(string dateKey, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Acks, ct);
        var result = new List<StoredAck>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {dateKey}"), cancellationToken: ct))
        {
            result.Add(ToStored(e));
        }

        return result;
    }

    private static TableEntity ToEntity(AckCase a) => new(a.DateKey, a.SiteId)
    {
        ["AlertId"] = a.AlertId,
        ["Level"] = a.Level.ToWire(),
        ["UtcOffsetSeconds"] = a.UtcOffsetSeconds,
        ["HottestStart"] = a.HottestStart?.ToString("HH\\:mm", CultureInfo.InvariantCulture),
        ["RequestedAt"] = a.RequestedAt,
        ["Closed"] = a.Closed,
        ["AnsweredAt"] = a.Answer?.At,
        ["AnsweredBy"] = a.Answer?.RecipientId,
        ["Measures"] = a.Answer?.MeasuresText,
        ["OtherMeasures"] = a.Answer?.Other,
        ["OutdoorWorkersNow"] = a.Answer?.OutdoorWorkersNow,
        ["Updates"] = a.Updates.Count == 0 ? null : JsonSerializer.Serialize(a.Updates.Select(Wire), MessageJson.Options),
        ["RemindedAt"] = a.RemindedAt,
        ["EscalatedAt"] = a.EscalatedAt,
        ["AdminsToldAt"] = a.AdminsToldAt,
        ["ClaimedStep"] = a.Claim?.Step.ToString(),
        ["ClaimedUntil"] = a.Claim?.Until,
    };

    private static StoredAck ToStored(TableEntity e)
    {
        var answer = e.GetDateTimeOffset("AnsweredAt") is { } at
            ? new AckAnswer(e.GetString("AnsweredBy") ?? string.Empty, Measures(e.GetString("Measures")), e.GetString("OtherMeasures"), e.GetInt32("OutdoorWorkersNow") ?? 0, at)
            : null;
        var updates = JsonSerializer.Deserialize<List<AnswerWire>>(e.GetString("Updates") ?? "[]", MessageJson.Options) ?? [];
        var claim = Enum.TryParse<AckStep>(e.GetString("ClaimedStep"), out var step) && e.GetDateTimeOffset("ClaimedUntil") is { } until
            ? (step, until)
            : ((AckStep, DateTimeOffset)?)null;
        var ack = new AckCase(
            e.RowKey,
            DateOnly.ParseExact(e.PartitionKey, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.GetString("AlertId") ?? string.Empty,
            HeatNames.ParseLevel(e.GetString("Level")),
            e.GetInt32("UtcOffsetSeconds") ?? 0,
            TimeOnly.TryParseExact(e.GetString("HottestStart"), "HH\\:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ? start : null,
            e.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue,
            e.GetBoolean("Closed") ?? false,
            answer)
        {
            Updates = [.. updates.Select(u => new AckAnswer(u.By, Measures(u.Measures), u.Other, u.OutdoorWorkersNow, u.At))],
            RemindedAt = e.GetDateTimeOffset("RemindedAt"),
            EscalatedAt = e.GetDateTimeOffset("EscalatedAt"),
            AdminsToldAt = e.GetDateTimeOffset("AdminsToldAt"),
            Claim = claim,
        };
        return new StoredAck(ack, e.ETag);
    }

    private static List<AckMeasure> Measures(string? text) =>
        [.. (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(AckMeasureWire.Parse).OfType<AckMeasure>()];

    private static AnswerWire Wire(AckAnswer a) => new(a.RecipientId, a.MeasuresText, a.Other, a.OutdoorWorkersNow, a.At);

    private sealed record AnswerWire(string By, string Measures, string? Other, int OutdoorWorkersNow, DateTimeOffset At);
}

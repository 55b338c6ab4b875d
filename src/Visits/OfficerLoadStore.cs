using System.Globalization;
using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Visits;

/// <summary>
/// The OfficerLoad table's load rows: per heat day, one row per officer listing the visits they hold (so a retried
/// reservation recognises itself), and per season, one row per officer counting their visits. Every change is
/// guarded by an ETag. (The same table holds each day's visit pass, which <see cref="VisitPassStore"/> owns.)
/// </summary>
public sealed class OfficerLoadStore(StorageClients clients)
{
    private const int MaxEtagRetries = 10;

    /// <summary>For one heat day: which visits each officer holds.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> VisitsByOfficerAsync(string dateKey, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {dateKey}"), cancellationToken: ct))
        {
            result[e.RowKey] = SplitVisits(e.GetString("Visits"));
        }

        return result;
    }

    /// <summary>For one heat day: each officer's load row (the visits they hold) with its ETag, in one query.</summary>
    public Task<Dictionary<string, OfficerLoad>> DayAsync(string dateKey, CancellationToken ct) => RowsAsync(dateKey, ct);

    /// <summary>Each officer's season row (visits given this year) with its ETag, in one query.</summary>
    public Task<Dictionary<string, OfficerLoad>> SeasonAsync(int year, CancellationToken ct) => RowsAsync(SeasonKey(year), ct);

    /// <summary>
    /// Writes the given officers' visits of one heat day in one request (at most 100 officers), each guarded by the
    /// ETag it was read with (an insert where there was no row): all or none. Returns the rows as written, or null
    /// when another host changed one of them first (read again and decide again).
    /// </summary>
    public Task<IReadOnlyDictionary<string, OfficerLoad>?> TryWriteDayAsync(string dateKey, IReadOnlyDictionary<string, OfficerLoad> rows, CancellationToken ct) =>
        TryWriteAsync(dateKey, rows.ToDictionary(r => r.Key, r => (LoadRow(dateKey, r.Key, r.Value.Visits), r.Value), StringComparer.Ordinal), ct);

    /// <summary>
    /// Adds visits to officers' season counts in one request, guarded by the ETags in <paramref name="rows"/> (as read
    /// or as last written); returns the rows as written. On a race it falls back to one officer at a time (best effort,
    /// as <see cref="AddSeasonVisitAsync"/>) and returns null: the caller reads the counts again.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, OfficerLoad>?> AddSeasonVisitsAsync(int year, IReadOnlyDictionary<string, int> added, IReadOnlyDictionary<string, OfficerLoad> rows, CancellationToken ct)
    {
        var key = SeasonKey(year);
        var writes = added.ToDictionary(a => a.Key, a =>
        {
            var row = rows.GetValueOrDefault(a.Key) ?? new OfficerLoad([], 0, null);
            return (new TableEntity(key, a.Key) { ["Count"] = row.Count + a.Value }, row with { Count = row.Count + a.Value });
        }, StringComparer.Ordinal);
        if (await TryWriteAsync(key, writes, ct) is { } written)
        {
            return written;
        }

        foreach (var (officerId, n) in added)
        {
            try
            {
                await ChangeLoadRowAsync(key, officerId, row => (new TableEntity(key, officerId) { ["Count"] = (row?.GetInt32("Count") ?? 0) + n }, true), ct);
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed())
            {
                // As in AddSeasonVisitAsync: the visits are committed, a fairness count is not retried forever.
            }
        }

        return null;
    }

    /// <summary>
    /// Adds a visit to an officer's day if they are under their cap. Idempotent: a visit the officer already
    /// holds counts as reserved. Concurrent reservations race on the ETag; the loser re-reads and re-checks.
    /// </summary>
    public Task<bool> TryReserveAsync(string dateKey, string officerId, string visitId, int cap, CancellationToken ct) =>
        ChangeLoadRowAsync(dateKey, officerId, row =>
        {
            var visits = SplitVisits(row?.GetString("Visits"));
            return visits.Contains(visitId, StringComparer.Ordinal) ? (null, true)
                : visits.Count >= cap ? (null, false)
                : (LoadRow(dateKey, officerId, [.. visits, visitId]), true);
        }, ct);

    /// <summary>Gives back a visit an officer held (declined, expired, or lost a race).</summary>
    public Task ReleaseAsync(string dateKey, string officerId, string visitId, CancellationToken ct) =>
        ChangeLoadRowAsync(dateKey, officerId, row =>
        {
            var visits = SplitVisits(row?.GetString("Visits"));
            return row is null || !visits.Contains(visitId, StringComparer.Ordinal)
                ? (null, true)
                : (LoadRow(dateKey, officerId, [.. visits.Where(v => v != visitId)]), true);
        }, ct);

    /// <summary>Visits each officer was given this season (a calendar year of heat days).</summary>
    public async Task<IReadOnlyDictionary<string, int>> SeasonVisitsAsync(int year, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SeasonKey(year)}"), cancellationToken: ct))
        {
            result[e.RowKey] = e.GetInt32("Count") ?? 0;
        }

        return result;
    }

    /// <summary>Counts one more visit for an officer's season (after the visit is committed; best effort).</summary>
    public async Task AddSeasonVisitAsync(int year, string officerId, CancellationToken ct)
    {
        try
        {
            await ChangeLoadRowAsync(SeasonKey(year), officerId,
                row => (new TableEntity(SeasonKey(year), officerId) { ["Count"] = (row?.GetInt32("Count") ?? 0) + 1 }, true), ct);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed())
        {
            // A fairness count that kept losing races: the visit itself is committed, so it is not retried.
        }
    }

    private async Task<Dictionary<string, OfficerLoad>> RowsAsync(string partitionKey, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        var result = new Dictionary<string, OfficerLoad>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken: ct))
        {
            result[e.RowKey] = new OfficerLoad(SplitVisits(e.GetString("Visits")), e.GetInt32("Count") ?? 0, e.ETag);
        }

        return result;
    }

    /// <summary>One partition's rows in one transaction, each guarded by its ETag (an insert where it had none); null on a race.</summary>
    private async Task<IReadOnlyDictionary<string, OfficerLoad>?> TryWriteAsync(string partitionKey, Dictionary<string, (TableEntity Entity, OfficerLoad Row)> writes, CancellationToken ct)
    {
        if (writes.Count == 0)
        {
            return new Dictionary<string, OfficerLoad>(StringComparer.Ordinal);
        }

        if (writes.Count > 100)
        {
            throw new ArgumentException("a transaction holds at most 100 load rows", nameof(writes));
        }

        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        var ordered = writes.ToList();
        try
        {
            var response = await table.SubmitTransactionAsync(ordered.Select(w => w.Value.Row.ETag is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, w.Value.Entity, etag)
                : new TableTransactionAction(TableTransactionActionType.Add, w.Value.Entity)), ct);
            return ordered.Select((w, i) => (w.Key, Row: w.Value.Row with { ETag = response.Value[i].Headers.ETag }))
                .ToDictionary(w => w.Key, w => w.Row, StringComparer.Ordinal);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    /// <summary>
    /// The OfficerLoad rows' read-modify-write: <paramref name="change"/> sees the row (null when absent) and
    /// gives what to write (null: nothing) and the answer; the write carries the ETag it read (an insert when
    /// the row was absent), and a concurrent change makes it read and decide again.
    /// </summary>
    private async Task<T> ChangeLoadRowAsync<T>(string partitionKey, string rowKey, Func<TableEntity?, (TableEntity? Write, T Result)> change, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        for (var attempt = 0; attempt < MaxEtagRetries; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: ct);
            var (write, result) = change(row.HasValue ? row.Value : null);
            if (write is null)
            {
                return result;
            }

            try
            {
                if (row.HasValue)
                {
                    await table.UpdateEntityAsync(write, row.Value!.ETag, TableUpdateMode.Replace, ct);
                }
                else
                {
                    await table.AddEntityAsync(write, ct);
                }

                return result;
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsConflict())
            {
                // Someone else changed the row first: read again and decide again.
            }
        }

        throw new RequestFailedException(412, $"officer load row {partitionKey}/{rowKey} kept changing; try again later");
    }

    private static TableEntity LoadRow(string dateKey, string officerId, IReadOnlyCollection<string> visits) =>
        new(dateKey, officerId) { ["Visits"] = string.Join(' ', visits), ["Count"] = visits.Count };

    private static string SeasonKey(int year) => string.Create(CultureInfo.InvariantCulture, $"season-{year}");

    private static List<string> SplitVisits(string? visits) =>
        string.IsNullOrEmpty(visits) ? [] : [.. visits.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
}

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

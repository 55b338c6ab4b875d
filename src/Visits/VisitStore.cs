using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.Storage;

namespace HeatRelief.Visits;

/// <summary>An visit as stored, with what is needed to change it safely (ETag) and to explain it.</summary>
public sealed record StoredVisit(
    Visit Value,
    ETag ETag,
    IReadOnlyList<VisitTransition> History,
    IReadOnlyList<RankedCandidate> Candidates,
    DateTimeOffset? ClaimedUntil);

/// <summary>
/// The Visits table (one partition per heat day, one row per site) and the OfficerLoad table: per heat day,
/// one row per officer listing the visits they hold (so a retried reservation recognises itself), and per
/// season, one row per officer counting their visits. Every change is guarded by an ETag.
/// </summary>
public sealed class VisitStore(StorageClients clients)
{
    private const int MaxEtagRetries = 10;

    private static readonly Dictionary<string, VisitStatus> StatusesByWire =
        Enum.GetValues<VisitStatus>().ToDictionary(Wire, StringComparer.OrdinalIgnoreCase);

    public async Task<StoredVisit?> GetAsync(string id, CancellationToken ct)
    {
        if (Visit.DateOf(id) is not { } date)
        {
            return null;
        }

        var table = await clients.TableAsync(TableNames.Visits, ct);
        var e = await table.GetEntityIfExistsAsync<TableEntity>(Alerts.Alert.DateKeyOf(date), id, cancellationToken: ct);
        return e.HasValue ? ToStored(e.Value!) : null;
    }

    /// <summary>Creates the visit unless it exists; true when this call created it.</summary>
    public async Task<bool> InsertIfAbsentAsync(Visit visit, VisitTransition created, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Visits, ct);
        try
        {
            await table.AddEntityAsync(ToEntity(visit, [created], [], null), ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    /// <summary>Writes a new state if nobody changed the row since it was read; null when someone did.</summary>
    public async Task<StoredVisit?> TryUpdateAsync(StoredVisit stored, Visit next, VisitTransition? transition, IReadOnlyList<RankedCandidate>? candidates, DateTimeOffset? claimedUntil, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Visits, ct);
        var history = transition is null ? stored.History : [.. stored.History, transition];
        var kept = candidates ?? stored.Candidates;
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(next, history, kept, claimedUntil), stored.ETag, TableUpdateMode.Replace, ct);
            return new StoredVisit(next, response.Headers.ETag ?? throw new InvalidOperationException("storage returned no ETag"), history, kept, claimedUntil);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Visits of one heat day in the given states (all states when none are given), filtered by the table service.</summary>
    public async Task<IReadOnlyList<StoredVisit>> ListAsync(string dateKey, IReadOnlyCollection<VisitStatus> statuses, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Visits, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {dateKey}");
        if (statuses.Count > 0)
        {
            filter += " and (" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {Wire(s)}"))) + ")";
        }

        var result = new List<StoredVisit>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(ToStored(e));
        }

        return result;
    }

    /// <summary>Visits of heat days from <paramref name="fromDateKey"/> on that may need the timer: not accepted or completed.</summary>
    public async Task<IReadOnlyList<StoredVisit>> ListOpenSinceAsync(string fromDateKey, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Visits, ct);
        var result = new List<StoredVisit>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {fromDateKey} and Status ne {Wire(VisitStatus.Completed)} and Status ne {Wire(VisitStatus.Accepted)}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(ToStored(e));
        }

        return result;
    }

    /// <summary>An officer's visits, newest heat day first, optionally in one state.</summary>
    public async Task<IReadOnlyList<StoredVisit>> ListForOfficerAsync(string officerId, VisitStatus? status, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Visits, ct);
        var filter = status is { } s
            ? TableClient.CreateQueryFilter($"OfficerId eq {officerId} and Status eq {Wire(s)}")
            : TableClient.CreateQueryFilter($"OfficerId eq {officerId}");
        var result = new List<StoredVisit>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(ToStored(e));
        }

        return [.. result.OrderByDescending(a => a.Value.Date).ThenBy(a => a.Value.Id, StringComparer.Ordinal)];
    }

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

    /// <summary>
    /// Takes the day's visit pass: one host at a time offers a day's waiting visits, in priority order,
    /// instead of every visit request racing for the same visits. Null when another host holds it.
    /// </summary>
    public async Task<ETag?> TryTakePassAsync(string dateKey, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PassKey(dateKey), "pass", cancellationToken: ct);
        var entity = new TableEntity(PassKey(dateKey), "pass") { ["HeldUntil"] = until };
        try
        {
            if (!row.HasValue)
            {
                return (await table.AddEntityAsync(entity, ct)).Headers.ETag;
            }

            if (row.Value!.GetDateTimeOffset("HeldUntil") is { } held && held > now)
            {
                return null;
            }

            return (await table.UpdateEntityAsync(entity, row.Value.ETag, TableUpdateMode.Replace, ct)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
        {
            return null;
        }
    }

    /// <summary>Extends a held pass; null when it was lost (it ran out and another host took it).</summary>
    public async Task<ETag?> RenewPassAsync(string dateKey, ETag held, DateTimeOffset until, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        try
        {
            return (await table.UpdateEntityAsync(new TableEntity(PassKey(dateKey), "pass") { ["HeldUntil"] = until }, held, TableUpdateMode.Replace, ct)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Lets go of the day's pass (unless it was lost meanwhile).</summary>
    public async Task ReleasePassAsync(string dateKey, ETag held, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        try
        {
            await table.UpdateEntityAsync(new TableEntity(PassKey(dateKey), "pass") { ["HeldUntil"] = DateTimeOffset.UnixEpoch }, held, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
        }
    }

    /// <summary>Whether a one-tap link was already used.</summary>
    public async Task<bool> IsLinkUsedAsync(string visitId, string fingerprint, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.UsedLinks, ct);
        var e = await table.GetEntityIfExistsAsync<TableEntity>(visitId, fingerprint, select: ["RowKey"], cancellationToken: ct);
        return e.HasValue;
    }

    /// <summary>Records a used one-tap link; false when it was already recorded.</summary>
    public async Task<bool> MarkLinkUsedAsync(string visitId, string fingerprint, string action, DateTimeOffset at, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.UsedLinks, ct);
        try
        {
            await table.AddEntityAsync(new TableEntity(visitId, fingerprint) { ["Action"] = action, ["UsedAt"] = at }, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public static string Wire(VisitStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// A status by its wire name, in any case; otherwise null. Not Enum.TryParse: it also takes numbers and
    /// comma-joined names ("assigned,accepted" is 1|2, which is declined).
    /// </summary>
    public static VisitStatus? ParseStatus(string? value)
    {
        foreach (var status in Enum.GetValues<VisitStatus>())
        {
            if (string.Equals(Wire(status), value, StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }

        return null;
    }

    private static string PassKey(string dateKey) => $"pass-{dateKey}";

    private static string SeasonKey(int year) => string.Create(CultureInfo.InvariantCulture, $"season-{year}");

    private static List<string> SplitVisits(string? visits) =>
        string.IsNullOrEmpty(visits) ? [] : [.. visits.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    private static TableEntity ToEntity(Visit a, IReadOnlyList<VisitTransition> history, IReadOnlyList<RankedCandidate> candidates, DateTimeOffset? claimedUntil) =>
        new(a.DateKey, a.Id)
        {
            ["SiteId"] = a.SiteId,
            ["AlertId"] = a.AlertId,
            ["Level"] = a.Level.ToWire(),
            ["OutdoorWorkers"] = a.OutdoorWorkers,
            ["Status"] = Wire(a.Status),
            ["OfficerId"] = a.OfficerId,
            ["Attempt"] = a.Attempt,
            ["TriedOfficers"] = string.Join(' ', a.TriedOfficers),
            ["AcceptBy"] = a.AcceptBy,
            ["NotifiedAt"] = a.NotifiedAt,
            ["AdminsNotifiedAt"] = a.AdminsNotifiedAt,
            ["PlannedWaterLitres"] = a.Plan.WaterLitres,
            ["PlannedSoupLitres"] = a.Plan.SoupLitres,
            ["PlannedMedicineKits"] = a.Plan.MedicineKits,
            ["WorkersReached"] = a.Report?.WorkersReached,
            ["WaterLitres"] = a.Report?.WaterLitres,
            ["SoupLitres"] = a.Report?.SoupLitres,
            ["MedicineKits"] = a.Report?.MedicineKits,
            ["Notes"] = a.Report?.Notes,
            ["DeclineReason"] = a.DeclineReason,
            ["UpdatedAt"] = a.UpdatedAt,
            ["ClaimedUntil"] = claimedUntil,
            ["History"] = JsonSerializer.Serialize(history.TakeLast(50), MessageJson.Options),
            ["Candidates"] = JsonSerializer.Serialize(candidates, MessageJson.Options),
        };

    private static StoredVisit ToStored(TableEntity e)
    {
        var report = e.GetInt32("WorkersReached") is { } reached
            ? new VisitReport(reached, e.GetDouble("WaterLitres") ?? 0, e.GetDouble("SoupLitres") ?? 0, e.GetInt32("MedicineKits") ?? 0, e.GetString("Notes"))
            : null;
        var visit = new Visit(
            e.RowKey,
            e.GetString("SiteId") ?? string.Empty,
            DateOnly.ParseExact(e.PartitionKey, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.GetString("AlertId") ?? string.Empty,
            HeatNames.ParseLevel(e.GetString("Level")),
            e.GetInt32("OutdoorWorkers") ?? 0,
            ParseStatus(e.GetString("Status")) ?? VisitStatus.Pending,
            e.GetString("OfficerId"),
            e.GetInt32("Attempt") ?? 0,
            SplitVisits(e.GetString("TriedOfficers")),
            e.GetDateTimeOffset("AcceptBy"),
            e.GetDateTimeOffset("NotifiedAt"),
            e.GetDateTimeOffset("AdminsNotifiedAt"),
            new SupplyPlan(e.GetDouble("PlannedWaterLitres") ?? 0, e.GetDouble("PlannedSoupLitres") ?? 0, e.GetInt32("PlannedMedicineKits") ?? 0),
            report,
            e.GetString("DeclineReason"),
            e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
        return new StoredVisit(
            visit,
            e.ETag,
            JsonSerializer.Deserialize<List<VisitTransition>>(e.GetString("History") ?? "[]", MessageJson.Options) ?? [],
            JsonSerializer.Deserialize<List<RankedCandidate>>(e.GetString("Candidates") ?? "[]", MessageJson.Options) ?? [],
            e.GetDateTimeOffset("ClaimedUntil"));
    }
}

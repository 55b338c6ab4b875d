using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.Storage;

namespace HeatRelief.Visits;

/// <summary>
/// The Visits table: one partition per heat day, one row per site, with the visit's history and the ranking
/// that explains its officer. Every change is guarded by an ETag.
/// </summary>
public sealed class VisitStore(StorageClients clients)
{
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

    /// <summary>
    /// Creates the visits of one heat day that do not exist yet, up to 100 per request; returns the ids this call
    /// created. A batch that meets an existing visit (a redelivery, an escalated alert) is inserted one by one.
    /// </summary>
    public async Task<IReadOnlySet<string>> InsertManyIfAbsentAsync(IReadOnlyList<(Visit Visit, VisitTransition Created)> visits, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Visits, ct);
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in visits.GroupBy(v => v.Visit.DateKey))
        {
            foreach (var batch in day.Chunk(100))
            {
                try
                {
                    await table.SubmitTransactionAsync(batch.Select(v => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(v.Visit, [v.Created], [], null))), ct);
                    created.UnionWith(batch.Select(v => v.Visit.Id));
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 409)
                {
                    foreach (var (visit, step) in batch)
                    {
                        if (await InsertIfAbsentAsync(visit, step, ct))
                        {
                            created.Add(visit.Id);
                        }
                    }
                }
            }
        }

        return created;
    }

    /// <summary>
    /// Writes the new states of up to 100 visits of one heat day in one request, all or none: null when any of them
    /// changed since it was read (the caller then writes them one by one).
    /// </summary>
    public async Task<IReadOnlyList<StoredVisit>?> TryUpdateManyAsync(IReadOnlyList<VisitChange> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        if (changes.Count > 100 || changes.Select(c => c.Next.DateKey).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new ArgumentException("a batch holds up to 100 visits of one heat day", nameof(changes));
        }

        var table = await clients.TableAsync(TableNames.Visits, ct);
        var written = changes.Select(c => (
            Change: c,
            History: c.Step is null ? c.Stored.History : (IReadOnlyList<VisitTransition>)[.. c.Stored.History, c.Step],
            Candidates: c.Candidates ?? c.Stored.Candidates)).ToList();
        try
        {
            var response = await table.SubmitTransactionAsync(
                written.Select(w => new TableTransactionAction(TableTransactionActionType.UpdateReplace,
                    ToEntity(w.Change.Next, w.History, w.Candidates, w.Change.ClaimedUntil), w.Change.Stored.ETag)), ct);
            return [.. written.Select((w, i) => new StoredVisit(w.Change.Next,
                response.Value[i].Headers.ETag ?? throw new InvalidOperationException("storage returned no ETag"), w.History, w.Candidates, w.Change.ClaimedUntil))];
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
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
            filter += " and (" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToWire()}"))) + ")";
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
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {fromDateKey} and Status ne {VisitStatus.Completed.ToWire()} and Status ne {VisitStatus.Accepted.ToWire()}");
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
            ? TableClient.CreateQueryFilter($"OfficerId eq {officerId} and Status eq {s.ToWire()}")
            : TableClient.CreateQueryFilter($"OfficerId eq {officerId}");
        var result = new List<StoredVisit>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(ToStored(e));
        }

        return [.. result.OrderByDescending(a => a.Value.Date).ThenBy(a => a.Value.Id, StringComparer.Ordinal)];
    }

    private static List<string> SplitOfficers(string? officers) =>
        string.IsNullOrEmpty(officers) ? [] : [.. officers.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    private static TableEntity ToEntity(Visit a, IReadOnlyList<VisitTransition> history, IReadOnlyList<RankedCandidate> candidates, DateTimeOffset? claimedUntil) =>
        new(a.DateKey, a.Id)
        {
            ["SiteId"] = a.SiteId,
            ["AlertId"] = a.AlertId,
            ["Level"] = a.Level.ToWire(),
            ["OutdoorWorkers"] = a.OutdoorWorkers,
            ["Status"] = a.Status.ToWire(),
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
            ["MeasuresMatched"] = a.Report?.MeasuresMatched,
            ["DeclineReason"] = a.DeclineReason,
            ["UpdatedAt"] = a.UpdatedAt,
            ["MeasuresUnconfirmedAt"] = a.MeasuresUnconfirmedAt,
            ["ClaimedUntil"] = claimedUntil,
            ["Heat"] = a.Heat is null ? null : JsonSerializer.Serialize(a.Heat, MessageJson.Options),
            ["History"] = JsonSerializer.Serialize(history.TakeLast(50), MessageJson.Options),
            ["Candidates"] = JsonSerializer.Serialize(candidates, MessageJson.Options),
        };

    private static StoredVisit ToStored(TableEntity e)
    {
        var report = e.GetInt32("WorkersReached") is { } reached
            ? new VisitReport(reached, e.GetDouble("WaterLitres") ?? 0, e.GetDouble("SoupLitres") ?? 0, e.GetInt32("MedicineKits") ?? 0, e.GetString("Notes"), e.GetBoolean("MeasuresMatched"))
            : null;
        var visit = new Visit(
            e.RowKey,
            e.GetString("SiteId") ?? string.Empty,
            DateOnly.ParseExact(e.PartitionKey, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.GetString("AlertId") ?? string.Empty,
            HeatNames.ParseLevel(e.GetString("Level")),
            e.GetInt32("OutdoorWorkers") ?? 0,
            VisitStatusWire.FromWire(e.GetString("Status")) ?? VisitStatus.Pending,
            e.GetString("OfficerId"),
            e.GetInt32("Attempt") ?? 0,
            SplitOfficers(e.GetString("TriedOfficers")),
            e.GetDateTimeOffset("AcceptBy"),
            e.GetDateTimeOffset("NotifiedAt"),
            e.GetDateTimeOffset("AdminsNotifiedAt"),
            new SupplyPlan(e.GetDouble("PlannedWaterLitres") ?? 0, e.GetDouble("PlannedSoupLitres") ?? 0, e.GetInt32("PlannedMedicineKits") ?? 0),
            report,
            e.GetString("DeclineReason"),
            e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue)
        {
            MeasuresUnconfirmedAt = e.GetDateTimeOffset("MeasuresUnconfirmedAt"),
            Heat = e.GetString("Heat") is { Length: > 0 } heat ? JsonSerializer.Deserialize<VisitHeat>(heat, MessageJson.Options) : null,
        };
        return new StoredVisit(
            visit,
            e.ETag,
            JsonSerializer.Deserialize<List<VisitTransition>>(e.GetString("History") ?? "[]", MessageJson.Options) ?? [],
            JsonSerializer.Deserialize<List<RankedCandidate>>(e.GetString("Candidates") ?? "[]", MessageJson.Options) ?? [],
            e.GetDateTimeOffset("ClaimedUntil"));
    }
}

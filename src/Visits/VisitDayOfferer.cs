using System.Globalization;
using HeatRelief.Audit;
using HeatRelief.Sites;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// Offers a heat day's waiting visits in batches, for the day's pass (<see cref="VisitAssigner"/>): it reads the
/// officers, the sites, the day's load rows and the season counts once (<see cref="ReadDayAsync"/>), then for each
/// chunk ranks every visit in memory in priority order exactly as <see cref="VisitOfferer"/> does one visit, reserves
/// the chosen officers' slots in one ETag-guarded write of the day's load rows (a race reads them again and ranks
/// again, so no cap is ever passed), and commits the chunk's offers in one ETag-guarded write of the visits. A visit
/// another host changed meanwhile is committed on its own, or given back. A crash between reserving and committing
/// leaves reservations the next pass (or the reassignment timer) recognises and reuses, as the one-visit path does.
/// </summary>
public sealed class VisitDayOfferer(
    VisitStore store,
    OfficerLoadStore loads,
    SiteDirectory directory,
    VisitNotices notices,
    VisitJournal journal,
    TimeProvider time,
    IOptions<VisitOptions> options)
{
    /// <summary>
    /// Visits per chunk: each chunk's reservations touch at most two load rows per visit (the officer chosen, and one
    /// left by a crash given back), and a table transaction holds at most 100.
    /// </summary>
    public const int ChunkSize = 50;

    /// <summary>Below this many visits the pass reads their sites one by one rather than the whole directory.</summary>
    private const int ListSitesFrom = 20;

    private const int MaxReservationRaces = 10;

    /// <summary>Offers and admin notices sent at once, as a delivery chunk sends 8 at a time.</summary>
    private const int SendsInFlight = 8;

    private readonly VisitOptions _options = options.Value;

    /// <summary>Reads what ranking the day's visits needs, once for the pass.</summary>
    public async Task<OfferDay> ReadDayAsync(string dateKey, IReadOnlyCollection<StoredVisit> waiting, CancellationToken ct)
    {
        var officers = await directory.ListOfficersAsync(ct);
        var sites = new Dictionary<string, Site?>(StringComparer.Ordinal);
        if (waiting.Select(v => v.Value.SiteId).Distinct(StringComparer.Ordinal).Count() >= ListSitesFrom)
        {
            foreach (var site in await directory.ListSitesAsync(ct))
            {
                sites[site.Id] = site;
            }
        }

        var year = DateOnly.ParseExact(dateKey, "yyyy-MM-dd", CultureInfo.InvariantCulture).Year;
        return new OfferDay(dateKey, officers, sites, await loads.DayAsync(dateKey, ct), await loads.SeasonAsync(year, ct));
    }

    /// <summary>
    /// The pass takes the day's pass again after letting go (a visit came in meanwhile): another host may have
    /// offered visits in between, so the load rows and season counts are read again before they are written.
    /// </summary>
    public static void Resume(OfferDay day)
    {
        day.LoadsStale = true;
        day.SeasonStale = true;
    }

    /// <summary>
    /// Offers one chunk of the day's waiting visits (highest priority first), or marks them unassigned or escalated
    /// (admins told). Returns each visit's new status; a visit another host took over first has none.
    /// </summary>
    public async Task<IReadOnlyList<VisitStatus>> OfferChunkAsync(OfferDay day, IReadOnlyList<StoredVisit> chunk, string actor, string? correlationId, CancellationToken ct)
    {
        if (chunk.Count > ChunkSize)
        {
            throw new ArgumentException($"a chunk holds at most {ChunkSize} visits", nameof(chunk));
        }

        var year = DateOnly.ParseExact(day.DateKey, "yyyy-MM-dd", CultureInfo.InvariantCulture).Year;
        foreach (var id in chunk.Select(v => v.Value.SiteId).Where(id => !day.Sites.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList())
        {
            day.Sites[id] = await directory.GetSiteAsync(id, ct);
        }

        // A site deactivated after its alert was raised gets no visit offered (its visit waits).
        foreach (var visit in chunk.Where(v => day.Sites[v.Value.SiteId] is { Active: false }))
        {
            day.Skipped.Add(visit.Value.Id);
        }

        chunk = [.. chunk.Where(v => !day.Skipped.Contains(v.Value.Id))];
        if (chunk.Count == 0)
        {
            return [];
        }

        if (day.SeasonStale)
        {
            day.Season = await loads.SeasonAsync(year, ct);
            day.SeasonStale = false;
        }

        var plans = await ReserveAsync(day, chunk, ct);
        var now = time.GetUtcNow();

        var changes = plans.Select(p => Change(p, actor, now)).ToList();
        var saved = await store.TryUpdateManyAsync(changes, ct) ?? await CommitOneByOneAsync(day, plans, changes, actor, now, ct);

        // After the commit, as one visit does: season counts, audit records, then the notices.
        var results = new List<VisitStatus>();
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        var records = new List<AuditRecord>();
        var committed = new List<(Plan Plan, StoredVisit Saved)>();
        for (var i = 0; i < plans.Count; i++)
        {
            if (saved[i] is not { } visit)
            {
                continue;
            }

            var plan = plans[i];
            committed.Add((plan, visit));
            if (plan.Officer is { } officer)
            {
                added[officer.Id] = added.GetValueOrDefault(officer.Id) + 1;
                records.Add(journal.Offered(visit.Value, plan.Visit.Value.Attempt > 0, plan.Why, plan.Ranking, actor, correlationId));
                results.Add(VisitStatus.Assigned);
            }
            else
            {
                if (plan.Visit.Value.Status != visit.Value.Status)
                {
                    records.Add(journal.Nobody(visit.Value, plan.Why, notices.AdminCount, plan.Ranking, actor, correlationId));
                }

                results.Add(visit.Value.Status);
            }
        }

        await AddSeasonAsync(day, year, added, ct);
        await journal.WriteAsync(records, ct);
        await NotifyAsync(committed, ct);
        return results;
    }

    /// <summary>
    /// Ranks the chunk's visits in memory, one after the other, each seeing the slots the ones before it took, and
    /// reserves the chosen officers' slots in one ETag-guarded write; on a race reads the load rows again and ranks again.
    /// </summary>
    private async Task<List<Plan>> ReserveAsync(OfferDay day, IReadOnlyList<StoredVisit> chunk, CancellationToken ct)
    {
        for (var race = 0; race < MaxReservationRaces; race++)
        {
            if (day.LoadsStale)
            {
                day.Loads = await loads.DayAsync(day.DateKey, ct);
                day.LoadsStale = false;
            }

            var held = day.Loads.ToDictionary(l => l.Key, l => l.Value.Visits.ToList(), StringComparer.Ordinal);
            var changed = new HashSet<string>(StringComparer.Ordinal);
            var season = day.Season.ToDictionary(s => s.Key, s => s.Value.Count, StringComparer.Ordinal);
            var plans = chunk.Select(visit => Rank(day, held, season, changed, visit)).ToList();
            var rows = changed.ToDictionary(id => id,
                id => new OfficerLoad(held[id], held[id].Count, day.Loads.GetValueOrDefault(id)?.ETag), StringComparer.Ordinal);
            if (await loads.TryWriteDayAsync(day.DateKey, rows, ct) is { } written)
            {
                foreach (var (id, row) in written)
                {
                    day.Loads[id] = row;
                    day.LoadsStale |= row.ETag is null;
                }

                return plans;
            }

            // Another host (the reassignment timer, an officer declining) changed a load row first.
            day.LoadsStale = true;
        }

        throw new InvalidOperationException($"the load rows of {day.DateKey} kept changing; the pass is retried");
    }

    /// <summary>One visit's choice, as <see cref="VisitOfferer.OfferAsync"/> makes it, against the loads held in memory.</summary>
    private Plan Rank(OfferDay day, Dictionary<string, List<string>> held, Dictionary<string, int> season, HashSet<string> changed, StoredVisit visit)
    {
        var a = visit.Value;
        var site = day.Sites.GetValueOrDefault(a.SiteId) ?? new Site(a.SiteId, a.SiteId, string.Empty, 0, 0, string.Empty, a.OutdoorWorkers);
        var tried = a.TriedOfficers.ToHashSet(StringComparer.Ordinal);

        // Reservations left by a crash: an officer already tried gives the visit back; an untried one keeps it.
        string? chosen = null;
        foreach (var officerId in held.Where(l => l.Value.Contains(a.Id, StringComparer.Ordinal)).Select(l => l.Key).ToList())
        {
            if (tried.Contains(officerId) || chosen is not null)
            {
                Release(officerId);
            }
            else
            {
                chosen = officerId;
            }
        }

        IReadOnlyList<RankedCandidate> ranking = [];
        var triedEnough = tried.Count >= _options.MaxAttempts;
        if (!triedEnough)
        {
            var today = held.ToDictionary(l => l.Key, l => l.Value.Count(v => v != a.Id), StringComparer.Ordinal);
            ranking = OfficerRanking.Rank(site, day.Officers, today, season, tried, _options.FairnessToleranceKm, _options.MaxDistanceKm);
            if (chosen is null && ranking.FirstOrDefault(c => c.Eligible) is { } best)
            {
                chosen = best.OfficerId;
                held[chosen] = [.. held.GetValueOrDefault(chosen) ?? [], a.Id];
                changed.Add(chosen);
            }
        }
        else if (chosen is not null)
        {
            Release(chosen);
            chosen = null;
        }

        var recorded = ranking.Take(_options.CandidatesRecorded).ToList();
        var officer = chosen is null ? null : day.Officers.FirstOrDefault(o => o.Id == chosen);
        if (officer is not null)
        {
            // The visits after this one see its season count, as they would after its commit one visit at a time.
            season[officer.Id] = season.GetValueOrDefault(officer.Id) + 1;
        }

        var why = officer is not null
            ? recorded.FirstOrDefault(c => c.OfficerId == officer.Id)?.Reason ?? "held a reservation from an interrupted attempt"
            : triedEnough ? $"{a.TriedOfficers.Count} officers were offered the visit and none accepted (limit {_options.MaxAttempts})"
            : ranking.Count == 0 ? "no officers are registered"
            : OfficerRanking.NobodyWithin(ranking, _options.MaxDistanceKm) ? string.Create(CultureInfo.InvariantCulture, $"no officer within {_options.MaxDistanceKm:0.#} km")
            : "every officer is inactive, out of reach, at their daily cap or already offered this visit";
        return new Plan(visit, site, officer, recorded, triedEnough, why);

        void Release(string officerId)
        {
            held[officerId].Remove(a.Id);
            changed.Add(officerId);
        }
    }

    private VisitChange Change(Plan plan, string actor, DateTimeOffset now)
    {
        var (next, step) = Move(plan, plan.Visit.Value, actor, now);
        return new VisitChange(plan.Visit, next, step, plan.Ranking, null);
    }

    private (Visit Next, VisitTransition? Step) Move(Plan plan, Visit v, string actor, DateTimeOffset now) =>
        plan.Officer is { } officer ? v.Offer(officer.Id, now.AddMinutes(_options.AcceptWithinMinutes), now, actor, plan.Why)
        : plan.TriedEnough ? v.Escalate(now, actor, plan.Why)
        : v.MarkUnassigned(now, actor, plan.Why);

    /// <summary>
    /// The chunk's batch met a visit changed since it was read (the timer claimed it, an escalated alert raised its
    /// level): each visit is written on its own; one raised meanwhile, still unclaimed and in the state we read, gets
    /// the same outcome on its fresh copy; one another host took over gives its officer's slot back.
    /// </summary>
    private async Task<IReadOnlyList<StoredVisit?>> CommitOneByOneAsync(OfferDay day, IReadOnlyList<Plan> plans, IReadOnlyList<VisitChange> changes,
        string actor, DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<StoredVisit?>();
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var read = plan.Visit;
            var saved = await store.TryUpdateAsync(read, changes[i].Next, changes[i].Step, plan.Ranking, null, ct);
            for (var attempt = 0; saved is null && attempt < 5; attempt++)
            {
                var current = await store.GetAsync(read.Value.Id, ct);
                if (current is null || current.ClaimedUntil != read.ClaimedUntil
                    || current.Value.Status != read.Value.Status || current.Value.Attempt != read.Value.Attempt)
                {
                    break;
                }

                var (next, step) = Move(plan, current.Value, actor, now);
                saved = await store.TryUpdateAsync(current, next, step, plan.Ranking, null, ct);
            }

            if (saved is null && plan.Officer is { } officer)
            {
                await loads.ReleaseAsync(day.DateKey, officer.Id, read.Value.Id, ct);
                day.LoadsStale = true;
            }

            result.Add(saved);
        }

        return result;
    }

    private async Task AddSeasonAsync(OfferDay day, int year, Dictionary<string, int> added, CancellationToken ct)
    {
        if (added.Count == 0)
        {
            return;
        }

        if (await loads.AddSeasonVisitsAsync(year, added, day.Season, ct) is { } written)
        {
            foreach (var (id, row) in written)
            {
                day.Season[id] = row;
                day.SeasonStale |= row.ETag is null;
            }
        }
        else
        {
            // Counted one by one after a race: the in-memory counts still rank the next chunk, read again before the next write.
            foreach (var (id, n) in added)
            {
                var row = day.Season.GetValueOrDefault(id) ?? new OfficerLoad([], 0, null);
                day.Season[id] = row with { Count = row.Count + n };
            }

            day.SeasonStale = true;
        }
    }

    /// <summary>
    /// The offers and admin notices of the committed visits, a few at a time (each is a round trip to a channel, as a
    /// delivery's sends are), then one write recording which went out.
    /// </summary>
    private async Task NotifyAsync(IReadOnlyList<(Plan Plan, StoredVisit Saved)> committed, CancellationToken ct)
    {
        var sent = new DateTimeOffset?[committed.Count];
        var additions = await notices.OfferAdditionsAsync([.. committed.Where(c => c.Plan.Officer is not null).Select(c => (c.Saved.Value, c.Plan.Officer!))], ct);
        await Parallel.ForEachAsync(Enumerable.Range(0, committed.Count), new ParallelOptions { MaxDegreeOfParallelism = SendsInFlight, CancellationToken = ct },
            async (i, token) =>
            {
                var (plan, saved) = committed[i];
                var told = plan.Officer is { } officer
                    ? await notices.SendOfferAsync(saved.Value, officer, plan.Site, additions?.GetValueOrDefault(saved.Value.Id), token)
                    : saved.Value.AdminsNotifiedAt is null && await notices.SendAdminsAsync(saved, plan.Site, token);
                sent[i] = told ? time.GetUtcNow() : null;
            });

        var marks = new List<VisitChange>();
        for (var i = 0; i < committed.Count; i++)
        {
            if (sent[i] is { } at)
            {
                var (plan, saved) = committed[i];
                var marked = plan.Officer is not null ? saved.Value.OfficerNotified(at) : saved.Value.AdminsNotified(at);
                marks.Add(new VisitChange(saved, marked, null, null, saved.ClaimedUntil));
            }
        }

        if (await store.TryUpdateManyAsync(marks, ct) is null)
        {
            // One was changed meanwhile (accepted already, say): mark the others; a notice not marked is sent again by the timer.
            foreach (var mark in marks)
            {
                await store.TryUpdateAsync(mark.Stored, mark.Next, null, null, mark.ClaimedUntil, ct);
            }
        }
    }

    private sealed record Plan(StoredVisit Visit, Site Site, Officer? Officer, IReadOnlyList<RankedCandidate> Ranking, bool TriedEnough, string Why);
}

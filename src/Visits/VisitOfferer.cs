using System.Globalization;
using HeatRelief.Sites;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// Offers a visit that <see cref="VisitAssigner"/> claimed: ranks the officers, reserves the best one's day under
/// their cap (ETag on the officer's load row), and only then commits the offer with the ranking that explains it.
/// With nobody to offer it to, the visit becomes unassigned or, after too many officers, escalated, and admins are
/// told. A crash between reserving and committing leaves a reservation the next attempt recognises and reuses.
/// </summary>
public sealed class VisitOfferer(
    VisitStore store,
    OfficerLoadStore loads,
    SiteDirectory directory,
    VisitNotices notices,
    VisitJournal journal,
    TimeProvider time,
    IOptions<VisitOptions> options)
{
    private readonly VisitOptions _options = options.Value;

    /// <summary>
    /// Offers a claimed visit to the best available officer, or marks it unassigned (admins told) or, after
    /// too many tries, escalated. Returns the new status, or null when another host changed the visit first.
    /// </summary>
    public async Task<VisitStatus?> OfferAsync(StoredVisit claimed, string actor, string? note, string? correlationId, CancellationToken ct)
    {
        var a = claimed.Value;
        var now = time.GetUtcNow();
        var site = await directory.GetSiteAsync(a.SiteId, ct)
            ?? new Site(a.SiteId, a.SiteId, string.Empty, 0, 0, string.Empty, a.OutdoorWorkers);
        if (!site.Active)
        {
            // Deactivated after its alert asked for the visit: nobody goes; the visit waits (as the day's pass leaves it).
            return null;
        }

        var officers = await directory.ListOfficersAsync(ct);
        var held = await loads.VisitsByOfficerAsync(a.DateKey, ct);
        var tried = a.TriedOfficers.ToHashSet(StringComparer.Ordinal);

        // Reservations left by a crash: an officer already tried gives the visit back; an untried one keeps it.
        string? chosen = null;
        foreach (var (officerId, _) in held.Where(l => l.Value.Contains(a.Id, StringComparer.Ordinal)))
        {
            if (tried.Contains(officerId) || chosen is not null)
            {
                await loads.ReleaseAsync(a.DateKey, officerId, a.Id, ct);
            }
            else
            {
                chosen = officerId;
            }
        }

        IReadOnlyList<RankedCandidate> ranking = [];
        if (tried.Count < _options.MaxAttempts)
        {
            var season = await loads.SeasonVisitsAsync(a.Date.Year, ct);
            var today = held.ToDictionary(l => l.Key, l => l.Value.Count(v => v != a.Id), StringComparer.Ordinal);
            ranking = OfficerRanking.Rank(site, officers, today, season, tried, _options.FairnessToleranceKm, _options.MaxDistanceKm);
            foreach (var candidate in ranking.Where(c => c.Eligible && chosen is null))
            {
                if (await loads.TryReserveAsync(a.DateKey, candidate.OfficerId, a.Id, candidate.MaxVisitsPerDay, ct))
                {
                    chosen = candidate.OfficerId;
                }
            }
        }
        else if (chosen is not null)
        {
            await loads.ReleaseAsync(a.DateKey, chosen, a.Id, ct);
            chosen = null;
        }

        var recorded = ranking.Take(_options.CandidatesRecorded).ToList();
        var officer = chosen is null ? null : officers.FirstOrDefault(o => o.Id == chosen);
        if (officer is not null)
        {
            return await CommitOfferAsync(claimed, officer, site, recorded, actor, note, correlationId, now, ct);
        }

        return await CommitNobodyAsync(claimed, site, recorded, tried.Count >= _options.MaxAttempts, actor, note, correlationId, now, ct);
    }

    private async Task<VisitStatus?> CommitOfferAsync(StoredVisit claimed, Officer officer, Site site, IReadOnlyList<RankedCandidate> ranking,
        string actor, string? note, string? correlationId, DateTimeOffset now, CancellationToken ct)
    {
        var why = ranking.FirstOrDefault(c => c.OfficerId == officer.Id)?.Reason ?? "held a reservation from an interrupted attempt";
        var acceptBy = now.AddMinutes(_options.AcceptWithinMinutes);
        var saved = await CommitClaimedAsync(claimed, v => v.Offer(officer.Id, acceptBy, now, actor, note ?? why), ranking, ct);
        if (saved is null)
        {
            // Another host took the visit over (our lease ran out): give the officer's slot back.
            await loads.ReleaseAsync(claimed.Value.DateKey, officer.Id, claimed.Value.Id, ct);
            return null;
        }

        var a = saved.Value;
        await loads.AddSeasonVisitAsync(a.Date.Year, officer.Id, ct);
        await journal.OfferedAsync(a, claimed.Value.Attempt > 0, why, ranking, actor, correlationId, ct);
        await notices.NotifyOfficerAsync(saved, officer, site, ct);
        return VisitStatus.Assigned;
    }

    private async Task<VisitStatus?> CommitNobodyAsync(StoredVisit claimed, Site site, IReadOnlyList<RankedCandidate> ranking, bool triedEnough,
        string actor, string? note, string? correlationId, DateTimeOffset now, CancellationToken ct)
    {
        var a = claimed.Value;
        var status = triedEnough ? VisitStatus.Escalated : VisitStatus.Unassigned;
        var changed = a.Status != status;
        var reason = triedEnough
            ? $"{a.TriedOfficers.Count} officers were offered the visit and none accepted (limit {_options.MaxAttempts})"
            : ranking.Count == 0 ? "no officers are registered"
            : OfficerRanking.NobodyWithin(ranking, _options.MaxDistanceKm) ? string.Create(CultureInfo.InvariantCulture, $"no officer within {_options.MaxDistanceKm:0.#} km")
            : "every officer is inactive, out of reach, at their daily cap or already offered this visit";
        var saved = await CommitClaimedAsync(claimed,
            v => triedEnough ? v.Escalate(now, actor, note ?? reason) : v.MarkUnassigned(now, actor, note ?? reason), ranking, ct);
        if (saved is null)
        {
            return null;
        }

        if (changed)
        {
            await journal.NobodyAsync(saved.Value, reason, notices.AdminCount, ranking, actor, correlationId, ct);
        }

        if (saved.Value.AdminsNotifiedAt is null)
        {
            await notices.NotifyAdminsAsync(saved, site, ct);
        }

        return status;
    }

    /// <summary>
    /// Writes the outcome of an offer over the visit we claimed, releasing the claim. Another host may have
    /// raised the visit's level meanwhile (an escalated alert keeps the claim but changes the ETag): while the
    /// visit is still under our claim, in the status and attempt we claimed it in, the outcome is applied again
    /// to the fresh copy. Giving up there left the visit pending and claimed, unoffered until the lease ran out
    /// and the reassignment timer came by (minutes; seen as one visit never offered when two hosts checked at once).
    /// </summary>
    private async Task<StoredVisit?> CommitClaimedAsync(StoredVisit claimed, Func<Visit, (Visit Next, VisitTransition? Step)> move,
        IReadOnlyList<RankedCandidate> ranking, CancellationToken ct)
    {
        var current = claimed;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (next, step) = move(current.Value);
            if (await store.TryUpdateAsync(current, next, step, ranking, null, ct) is { } saved)
            {
                return saved;
            }

            current = await store.GetAsync(claimed.Value.Id, ct);
            if (current is null || current.ClaimedUntil != claimed.ClaimedUntil
                || current.Value.Status != claimed.Value.Status || current.Value.Attempt != claimed.Value.Attempt)
            {
                return null;
            }
        }

        return null;
    }
}

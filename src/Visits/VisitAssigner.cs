using System.Globalization;
using Azure;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HeatRelief.Notifications;

namespace HeatRelief.Visits;

/// <summary>
/// Chooses an officer for a visit and offers it. A visit is first claimed (a short lease written with its
/// ETag) so two hosts never offer it at once; the officer's day is then reserved under their cap (ETag on
/// the officer's load row); only then is the visit committed, with the ranking that explains the choice.
/// A crash between reserving and committing leaves a reservation the next attempt recognises and reuses.
/// </summary>
public sealed partial class VisitAssigner(
    VisitStore store,
    SiteDirectory directory,
    AlertStore alerts,
    VisitNotifier notifier,
    AuditLog audit,
    LocalTimeText localTime,
    VisitMetrics metrics,
    TimeProvider time,
    IOptions<VisitOptions> options,
    ILogger<VisitAssigner> logger)
{
    /// <summary>How long a claim holds off other hosts; a host that dies mid-offer is replaced after this.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private readonly VisitOptions _options = options.Value;

    /// <summary>
    /// Offers every unclaimed visit of a day in the given states, highest level and most workers first. One
    /// host at a time does this for a day (the day's pass); a request that finds the pass taken leaves its
    /// visit to the holder, who looks again after letting go, so no visit is left behind.
    /// </summary>
    public async Task<IReadOnlyList<VisitStatus>> AssignWaitingAsync(string dateKey, IReadOnlyCollection<VisitStatus> states, string actor, string? correlationId, CancellationToken ct)
    {
        var results = new List<VisitStatus>();
        while (await store.TryTakePassAsync(dateKey, time.GetUtcNow(), time.GetUtcNow() + ClaimLease, ct) is { } taken)
        {
            ETag? pass = taken;
            var heldUntil = time.GetUtcNow() + ClaimLease;
            try
            {
                IReadOnlyList<StoredVisit> waiting;
                while (pass is not null && (waiting = Claimable(await store.ListAsync(dateKey, states, ct))).Count > 0)
                {
                    foreach (var visit in waiting)
                    {
                        // Keep the pass while working (renewed at half time); if it was lost, the host that took it carries on.
                        if (time.GetUtcNow() > heldUntil - (ClaimLease / 2))
                        {
                            heldUntil = time.GetUtcNow() + ClaimLease;
                            pass = await store.RenewPassAsync(dateKey, pass.Value, heldUntil, ct);
                            if (pass is null)
                            {
                                break;
                            }
                        }

                        if (await ClaimAndOfferAsync(visit, actor, null, correlationId, ct) is { } status)
                        {
                            results.Add(status);
                        }
                    }
                }
            }
            finally
            {
                if (pass is { } held)
                {
                    await store.ReleasePassAsync(dateKey, held, CancellationToken.None);
                }
            }

            // A visit requested while the pass was held, by a host that then left it to us: look once more.
            if (pass is null || Claimable(await store.ListAsync(dateKey, states, ct)).Count == 0)
            {
                break;
            }
        }

        return results;
    }

    private List<StoredVisit> Claimable(IEnumerable<StoredVisit> visits)
    {
        var now = time.GetUtcNow();
        return [.. ByPriority(visits.Where(v => v.ClaimedUntil is not { } until || until <= now))];
    }

    public static IEnumerable<StoredVisit> ByPriority(IEnumerable<StoredVisit> visits) =>
        visits.OrderByDescending(v => v.Value.Priority).ThenBy(v => v.Value.Id, StringComparer.Ordinal);

    /// <summary>Claims a visit and offers it; null when another host holds or changed it first.</summary>
    public async Task<VisitStatus?> ClaimAndOfferAsync(StoredVisit visit, string actor, string? note, string? correlationId, CancellationToken ct) =>
        await TryClaimAsync(visit, ct) is { } claimed
            ? await OfferAsync(claimed, actor, note, correlationId, ct)
            : null;

    /// <summary>Takes a short lease on a visit; null when another host holds one or changed it first.</summary>
    private async Task<StoredVisit?> TryClaimAsync(StoredVisit visit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (visit.ClaimedUntil is { } until && until > now)
        {
            return null;
        }

        return await store.TryUpdateAsync(visit, visit.Value, null, null, now + ClaimLease, ct);
    }

    /// <summary>
    /// Offers a claimed visit to the best available officer, or marks it unassigned (admins told) or, after
    /// too many tries, escalated. Returns the new status, or null when another host changed the visit first.
    /// </summary>
    private async Task<VisitStatus?> OfferAsync(StoredVisit claimed, string actor, string? note, string? correlationId, CancellationToken ct)
    {
        var a = claimed.Value;
        var now = time.GetUtcNow();
        var site = await directory.GetSiteAsync(a.SiteId, ct)
            ?? new Site(a.SiteId, a.SiteId, string.Empty, 0, 0, string.Empty, a.OutdoorWorkers);
        var officers = await directory.ListOfficersAsync(ct);
        var loads = await store.VisitsByOfficerAsync(a.DateKey, ct);
        var tried = a.TriedOfficers.ToHashSet(StringComparer.Ordinal);

        // Reservations left by a crash: an officer already tried gives the visit back; an untried one keeps it.
        string? chosen = null;
        foreach (var (officerId, visits) in loads.Where(l => l.Value.Contains(a.Id, StringComparer.Ordinal)))
        {
            if (tried.Contains(officerId) || chosen is not null)
            {
                await store.ReleaseAsync(a.DateKey, officerId, a.Id, ct);
            }
            else
            {
                chosen = officerId;
            }
        }

        IReadOnlyList<RankedCandidate> ranking = [];
        if (tried.Count < _options.MaxAttempts)
        {
            var season = await store.SeasonVisitsAsync(a.Date.Year, ct);
            var today = loads.ToDictionary(l => l.Key, l => l.Value.Count(v => v != a.Id), StringComparer.Ordinal);
            ranking = OfficerRanking.Rank(site, officers, today, season, tried, _options.FairnessToleranceKm, _options.MaxDistanceKm);
            foreach (var candidate in ranking.Where(c => c.Eligible && chosen is null))
            {
                if (await store.TryReserveAsync(a.DateKey, candidate.OfficerId, a.Id, candidate.MaxVisitsPerDay, ct))
                {
                    chosen = candidate.OfficerId;
                }
            }
        }
        else if (chosen is not null)
        {
            await store.ReleaseAsync(a.DateKey, chosen, a.Id, ct);
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

    /// <summary>Sends (again) the offer of an assigned visit whose officer was not yet told.</summary>
    public async Task NotifyOfficerAsync(StoredVisit saved, Officer officer, Site site, CancellationToken ct)
    {
        var a = saved.Value;
        var alert = await alerts.GetAsync(a.DateKey, a.AlertId, ct);
        SendOutcome outcome;
        try
        {
            outcome = await notifier.OfferAsync(a, officer, site, alert?.Alert.Grade.HottestWindow, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The visit stays assigned and un-notified; the reassignment timer sends the offer again.
            LogOfferNotSent(logger, ex, a.Id, officer.Id);
            return;
        }

        if (!outcome.Delivered)
        {
            await audit.WriteAsync(new AuditRecord(AuditKinds.NotificationFailed, $"Offer of visit {a.Id} to officer {officer.Id} could not be sent: {outcome.Reason}",
                SiteId: a.SiteId, OfficerId: officer.Id, AlertId: a.AlertId, VisitId: a.Id, Details: new { channel = officer.Channel, outcome.Reason }), ct);
        }

        await store.TryUpdateAsync(saved, a with { NotifiedAt = time.GetUtcNow() }, null, null, saved.ClaimedUntil, ct);
    }

    /// <summary>Tells admins about a visit nobody took, and records that they were told.</summary>
    public async Task NotifyAdminsAsync(StoredVisit saved, Site site, CancellationToken ct)
    {
        var a = saved.Value;
        try
        {
            var outOfReach = a.Status == VisitStatus.Unassigned && OfficerRanking.NobodyWithin(saved.Candidates, _options.MaxDistanceKm);
            await notifier.AdminsAsync(a, site, a.Status == VisitStatus.Escalated, outOfReach ? _options.MaxDistanceKm : null, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAdminsNotSent(logger, ex, a.Id);
            return;
        }

        await store.TryUpdateAsync(saved, a with { AdminsNotifiedAt = time.GetUtcNow() }, null, null, saved.ClaimedUntil, ct);
    }

    private async Task<VisitStatus?> CommitOfferAsync(StoredVisit claimed, Officer officer, Site site, IReadOnlyList<RankedCandidate> ranking,
        string actor, string? note, string? correlationId, DateTimeOffset now, CancellationToken ct)
    {
        var why = ranking.FirstOrDefault(c => c.OfficerId == officer.Id)?.Reason ?? "held a reservation from an interrupted attempt";
        var transition = new VisitTransition(now, VisitStore.Wire(claimed.Value.Status), VisitStore.Wire(VisitStatus.Assigned), actor, officer.Id, note ?? why);
        var saved = await CommitClaimedAsync(claimed, v => v with
        {
            Status = VisitStatus.Assigned,
            OfficerId = officer.Id,
            Attempt = v.Attempt + 1,
            TriedOfficers = [.. v.TriedOfficers, officer.Id],
            AcceptBy = now.AddMinutes(_options.AcceptWithinMinutes),
            NotifiedAt = null,
            UpdatedAt = now,
        }, transition, ranking, ct);
        if (saved is null)
        {
            // Another host took the visit over (our lease ran out): give the officer's slot back.
            await store.ReleaseAsync(claimed.Value.DateKey, officer.Id, claimed.Value.Id, ct);
            return null;
        }

        var a = saved.Value;
        await store.AddSeasonVisitAsync(a.Date.Year, officer.Id, ct);
        metrics.VisitsAssigned.Add(1);
        var reassigned = claimed.Value.Attempt > 0;
        LogAssigned(logger, a.Id, a.SiteId, officer.Id, a.Attempt);
        await audit.WriteAsync(new AuditRecord(reassigned ? AuditKinds.VisitReassigned : AuditKinds.VisitCreated,
            $"Visit {a.Id} {(reassigned ? "reassigned" : "assigned")} to officer {officer.Id} ({why}); answer due {localTime.DateTime(a.AcceptBy!.Value, "en")}",
            SiteId: a.SiteId, OfficerId: officer.Id, AlertId: a.AlertId, VisitId: a.Id, Actor: actor, CorrelationId: correlationId,
            Details: new { attempt = a.Attempt, acceptBy = a.AcceptBy, level = a.Level.ToString().ToLowerInvariant(), a.OutdoorWorkers, plan = a.Plan, chosen = officer.Id, candidates = ranking }), ct);
        await NotifyOfficerAsync(saved, officer, site, ct);
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
        var transition = changed ? new VisitTransition(now, VisitStore.Wire(a.Status), VisitStore.Wire(status), actor, null, note ?? reason) : null;
        var saved = await CommitClaimedAsync(claimed, v => v with
        {
            Status = status,
            OfficerId = null,
            AcceptBy = null,
            UpdatedAt = now,
            AdminsNotifiedAt = changed ? null : v.AdminsNotifiedAt,
        }, transition, ranking, ct);
        if (saved is null)
        {
            return null;
        }

        a = saved.Value;
        if (changed)
        {
            (triedEnough ? metrics.VisitsEscalated : metrics.VisitsUnassigned).Add(1);
            LogNobody(logger, a.Id, a.SiteId, status.ToString());
            await audit.WriteAsync(new AuditRecord(triedEnough ? AuditKinds.VisitEscalated : AuditKinds.VisitUnassigned,
                $"Visit {a.Id}: {reason}; admins notified",
                SiteId: a.SiteId, AlertId: a.AlertId, VisitId: a.Id, Actor: actor, CorrelationId: correlationId,
                Details: new { level = a.Level.ToString().ToLowerInvariant(), a.OutdoorWorkers, tried = a.TriedOfficers, admins = notifier.Admins.Count, candidates = ranking }), ct);
        }

        if (saved.Value.AdminsNotifiedAt is null)
        {
            await NotifyAdminsAsync(saved, site, ct);
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
    private async Task<StoredVisit?> CommitClaimedAsync(StoredVisit claimed, Func<Visit, Visit> change,
        VisitTransition? transition, IReadOnlyList<RankedCandidate> ranking, CancellationToken ct)
    {
        var current = claimed;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await store.TryUpdateAsync(current, change(current.Value), transition, ranking, null, ct) is { } saved)
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

    [LoggerMessage(EventId = 5001, EventName = "VisitAssigned", Level = LogLevel.Information, Message = "Visit {VisitId} for site {SiteId} offered to officer {OfficerId} (attempt {Attempt})")]
    private static partial void LogAssigned(ILogger logger, string visitId, string siteId, string officerId, int attempt);

    [LoggerMessage(EventId = 5002, EventName = "VisitWithoutOfficer", Level = LogLevel.Warning, Message = "Visit {VisitId} for site {SiteId} has no officer: {Status}")]
    private static partial void LogNobody(ILogger logger, string visitId, string siteId, string status);

    [LoggerMessage(EventId = 5003, EventName = "VisitOfferNotSent", Level = LogLevel.Warning, Message = "Offer of visit {VisitId} to officer {OfficerId} not sent; the reassignment timer retries")]
    private static partial void LogOfferNotSent(ILogger logger, Exception error, string visitId, string officerId);

    [LoggerMessage(EventId = 5004, EventName = "AdminsNotNotified", Level = LogLevel.Warning, Message = "Admins not told about visit {VisitId}; the reassignment timer retries")]
    private static partial void LogAdminsNotSent(ILogger logger, Exception error, string visitId);
}

using Azure;

namespace HeatRelief.Visits;

/// <summary>
/// Gets visits offered. A day's waiting visits are offered by one host at a time (the day's pass), highest level and
/// most workers first, in batches (<see cref="VisitDayOfferer"/>: one read of the officers, loads and season counts
/// per pass, ETag-guarded batch writes). A single visit (the reassignment timer, an offer moved on) is first claimed
/// (a short lease written with its ETag) so two hosts never offer it at once; <see cref="VisitOfferer"/> then chooses
/// the officer and commits the offer.
/// </summary>
public sealed class VisitAssigner(VisitStore store, VisitPassStore passes, OfficerLoadStore loads, VisitOfferer offerer, VisitDayOfferer dayOfferer, TimeProvider time)
{
    /// <summary>How long a claim holds off other hosts; a host that dies mid-offer is replaced after this.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Offers every unclaimed visit of a day in the given states, highest level and most workers first. One
    /// host at a time does this for a day (the day's pass); a request that finds the pass taken leaves its
    /// visits to the holder, who looks again after letting go, so no visit is left behind. The pass reads the
    /// officers, the day's loads and the season counts once and offers the visits in chunks; it commits each chunk
    /// guarded by the ETags of the rows it read, so a visit the reassignment timer claimed meanwhile is left to it.
    /// </summary>
    public async Task<IReadOnlyList<VisitStatus>> AssignWaitingAsync(string dateKey, IReadOnlyCollection<VisitStatus> states, string actor, string? correlationId, CancellationToken ct)
    {
        var results = new List<VisitStatus>();
        OfferDay? day = null;

        // A redelivered or late "assign day" message finds nothing waiting: one read, and the pass is not taken.
        if (Claimable(await store.ListAsync(dateKey, states, ct), day).Count == 0)
        {
            return results;
        }

        while (await passes.TryTakeAsync(dateKey, time.GetUtcNow(), time.GetUtcNow() + ClaimLease, ct) is { } taken)
        {
            ETag? pass = taken;
            var heldUntil = time.GetUtcNow() + ClaimLease;
            if (day is not null)
            {
                VisitDayOfferer.Resume(day);
            }

            try
            {
                IReadOnlyList<StoredVisit> waiting;
                while (pass is not null && (waiting = Claimable(await store.ListAsync(dateKey, states, ct), day)).Count > 0)
                {
                    day ??= await dayOfferer.ReadDayAsync(dateKey, waiting, ct);
                    var offered = 0;
                    foreach (var chunk in waiting.Chunk(VisitDayOfferer.ChunkSize))
                    {
                        // Keep the pass while working (renewed at half time); if it was lost, the host that took it carries on.
                        if (time.GetUtcNow() > heldUntil - (ClaimLease / 2))
                        {
                            heldUntil = time.GetUtcNow() + ClaimLease;
                            pass = await passes.RenewAsync(dateKey, pass.Value, heldUntil, ct);
                            if (pass is null)
                            {
                                break;
                            }
                        }

                        var statuses = await dayOfferer.OfferChunkAsync(day, chunk, actor, correlationId, ct);
                        results.AddRange(statuses);
                        offered += statuses.Count;
                    }

                    if (offered == 0)
                    {
                        // Every visit was skipped (its site inactive) or taken over by another host as we wrote it.
                        break;
                    }
                }
            }
            finally
            {
                if (pass is { } held)
                {
                    await passes.ReleaseAsync(dateKey, held, CancellationToken.None);
                }
            }

            // A visit requested while the pass was held, by a host that then left it to us: look once more.
            if (pass is null || Claimable(await store.ListAsync(dateKey, states, ct), day).Count == 0)
            {
                break;
            }
        }

        return results;
    }

    public static IEnumerable<StoredVisit> ByPriority(IEnumerable<StoredVisit> visits) =>
        visits.OrderByDescending(v => v.Value.Priority).ThenBy(v => v.Value.Id, StringComparer.Ordinal);

    /// <summary>Claims a visit and offers it; null when another host holds or changed it first.</summary>
    public async Task<VisitStatus?> ClaimAndOfferAsync(StoredVisit visit, string actor, string? note, string? correlationId, CancellationToken ct) =>
        await TryClaimAsync(visit, ct) is { } claimed
            ? await offerer.OfferAsync(claimed, actor, note, correlationId, ct)
            : null;

    /// <summary>
    /// After an officer declined or let the offer expire: gives their day's slot back and offers the visit on at
    /// once. If the offer fails, the reassignment timer picks the visit up.
    /// </summary>
    public async Task<VisitStatus?> OfferOnAsync(StoredVisit moved, string formerOfficerId, string note, CancellationToken ct)
    {
        await loads.ReleaseAsync(moved.Value.DateKey, formerOfficerId, moved.Value.Id, ct);
        return await ClaimAndOfferAsync(moved, "system", note, null, ct);
    }

    /// <summary>Waiting visits nobody holds a claim on, by priority; without those the pass skipped (their site is inactive).</summary>
    private List<StoredVisit> Claimable(IEnumerable<StoredVisit> visits, OfferDay? day)
    {
        var now = time.GetUtcNow();
        return [.. ByPriority(visits.Where(v => (v.ClaimedUntil is not { } until || until <= now) && day?.Skipped.Contains(v.Value.Id) != true))];
    }

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
}

using HeatRelief.Messaging;
using HeatRelief.Sites;

namespace HeatRelief.Visits;

/// <summary>
/// The reassignment timer: expires offers not accepted in time and offers them to the next candidate; retries
/// visits left pending, declined or unassigned; resends offers and admin notices that did not go out. Every
/// change goes through the same claim and ETag rules as the queue-triggered visit.
/// </summary>
public sealed class ReassignmentService(
    VisitStore store,
    SiteDirectory directory,
    VisitAssigner assigner,
    VisitNotices notices,
    VisitJournal journal,
    PipelineActivity activity,
    TimeProvider time)
{
    /// <summary>An offer not confirmed as sent this long after it was made is sent again.</summary>
    private static readonly TimeSpan ResendAfter = TimeSpan.FromMinutes(1);

    public async Task<ReassignmentRun> RunAsync(CancellationToken ct)
    {
        using var running = activity.Begin();
        var now = time.GetUtcNow();
        var since = Alerts.Alert.DateKeyOf(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1));
        var open = await store.ListOpenSinceAsync(since, ct);
        int expired = 0, offered = 0, unassigned = 0, escalated = 0, renotified = 0;
        foreach (var visit in VisitAssigner.ByPriority(open))
        {
            var a = visit.Value;
            switch (a.Status)
            {
                case VisitStatus.Assigned when a.AcceptBy is { } by && by <= now:
                    var (next, step) = a.Expire(now, "system", journal.NotAcceptedBy(by));
                    var lapsed = await store.TryUpdateAsync(visit, next, step, null, null, ct);
                    if (lapsed is null)
                    {
                        continue;
                    }

                    expired++;
                    await journal.ExpiredAsync(a, by, ct);
                    Count(await assigner.OfferOnAsync(lapsed, a.OfficerId!, $"after {a.OfficerId} let the offer expire", ct));
                    break;

                case VisitStatus.Assigned when a.NotifiedAt is null && a.UpdatedAt <= now - ResendAfter:
                    if (await directory.GetOfficerAsync(a.OfficerId!, ct) is { } officer
                        && await directory.GetSiteAsync(a.SiteId, ct) is { } site)
                    {
                        await notices.NotifyOfficerAsync(visit, officer, site, ct);
                        renotified++;
                    }

                    break;

                case VisitStatus.Pending or VisitStatus.Declined or VisitStatus.Expired or VisitStatus.Unassigned:
                    Count(await assigner.ClaimAndOfferAsync(visit, "system", null, null, ct));
                    break;

                case VisitStatus.Escalated when a.AdminsNotifiedAt is null:
                    if (await directory.GetSiteAsync(a.SiteId, ct) is { } escalatedSite)
                    {
                        await notices.NotifyAdminsAsync(visit, escalatedSite, ct);
                        renotified++;
                    }

                    break;
            }
        }

        var run = new ReassignmentRun(expired, offered, unassigned, escalated, renotified);
        journal.TimerRan(run, open.Count);
        return run;

        void Count(VisitStatus? status)
        {
            offered += status == VisitStatus.Assigned ? 1 : 0;
            unassigned += status == VisitStatus.Unassigned ? 1 : 0;
            escalated += status == VisitStatus.Escalated ? 1 : 0;
        }
    }
}

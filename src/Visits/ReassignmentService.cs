using HeatRelief.Audit;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Visits;

/// <summary>What one run of the reassignment timer did.</summary>
public sealed record ReassignmentRun(int Expired, int Offered, int Unassigned, int Escalated, int Renotified);

/// <summary>
/// The reassignment timer: expires offers not accepted in time and offers them to the next candidate; retries
/// visits left pending, declined or unassigned; resends offers and admin notices that did not go out. Every
/// change goes through the same claim and ETag rules as the queue-triggered visit.
/// </summary>
public sealed partial class ReassignmentService(
    VisitStore store,
    SiteDirectory directory,
    VisitAssigner assigner,
    AuditLog audit,
    LocalTimeText localTime,
    VisitMetrics metrics,
    PipelineActivity activity,
    TimeProvider time,
    ILogger<ReassignmentService> logger)
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
                    var lapsed = await store.TryUpdateAsync(visit, a with { Status = VisitStatus.Expired, UpdatedAt = now },
                        new VisitTransition(now, "assigned", "expired", "system", a.OfficerId, $"not accepted by {localTime.DateTime(by, "en")}"), null, null, ct);
                    if (lapsed is null)
                    {
                        continue;
                    }

                    expired++;
                    metrics.VisitsExpired.Add(1);
                    await store.ReleaseAsync(a.DateKey, a.OfficerId!, a.Id, ct);
                    LogExpired(logger, a.Id, a.OfficerId!);
                    await audit.WriteAsync(new AuditRecord(AuditKinds.VisitExpired, $"Visit {a.Id}: officer {a.OfficerId} did not accept by {localTime.DateTime(by, "en")}",
                        SiteId: a.SiteId, OfficerId: a.OfficerId, AlertId: a.AlertId, VisitId: a.Id), ct);
                    Count(await assigner.ClaimAndOfferAsync(lapsed, "system", $"after {a.OfficerId} let the offer expire", null, ct));
                    break;

                case VisitStatus.Assigned when a.NotifiedAt is null && a.UpdatedAt <= now - ResendAfter:
                    if (await directory.GetOfficerAsync(a.OfficerId!, ct) is { } officer
                        && await directory.GetSiteAsync(a.SiteId, ct) is { } site)
                    {
                        await assigner.NotifyOfficerAsync(visit, officer, site, ct);
                        renotified++;
                    }

                    break;

                case VisitStatus.Pending or VisitStatus.Declined or VisitStatus.Expired or VisitStatus.Unassigned:
                    Count(await assigner.ClaimAndOfferAsync(visit, "system", null, null, ct));
                    break;

                case VisitStatus.Escalated when a.AdminsNotifiedAt is null:
                    if (await directory.GetSiteAsync(a.SiteId, ct) is { } escalatedSite)
                    {
                        await assigner.NotifyAdminsAsync(visit, escalatedSite, ct);
                        renotified++;
                    }

                    break;
            }
        }

        var run = new ReassignmentRun(expired, offered, unassigned, escalated, renotified);
        LogRun(logger, open.Count, expired, offered, unassigned, escalated, renotified);
        return run;

        void Count(VisitStatus? status)
        {
            offered += status == VisitStatus.Assigned ? 1 : 0;
            unassigned += status == VisitStatus.Unassigned ? 1 : 0;
            escalated += status == VisitStatus.Escalated ? 1 : 0;
        }
    }

    [LoggerMessage(EventId = 5301, EventName = "OfferExpired", Level = LogLevel.Information, Message = "Visit {VisitId}: officer {OfficerId} did not accept in time")]
    private static partial void LogExpired(ILogger logger, string visitId, string officerId);

    [LoggerMessage(EventId = 5302, EventName = "ReassignmentRun", Level = LogLevel.Information, Message = "Reassignment: {Open} open visits, {Expired} expired, {Offered} offered, {Unassigned} unassigned, {Escalated} escalated, {Renotified} notices resent")]
    private static partial void LogRun(ILogger logger, int open, int expired, int offered, int unassigned, int escalated, int renotified);
}

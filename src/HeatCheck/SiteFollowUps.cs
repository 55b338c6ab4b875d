using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Sites;
using HeatRelief.Visits;

namespace HeatRelief.HeatCheck;

/// <summary>
/// What follows a day's queued alerts at their sites: each alert's acknowledgement case (opened before any manager
/// holds a link to it), and the visits of raised levels, recorded here and offered by one "assign day" message.
/// </summary>
public sealed class SiteFollowUps(AckRequests acks, VisitRequests visits)
{
    /// <summary>The acknowledgement cases of the alerts about to be queued, all in a few batches.</summary>
    public Task FollowAllAsync(IReadOnlyList<Alert> alerts, string? correlationId, CancellationToken ct) => acks.FollowAllAsync(alerts, correlationId, ct);

    /// <summary>
    /// Records the visits the day's queued alerts ask for, with the active sites the check read (a site no longer
    /// among them is inactive and gets none), then sends the day's "assign day" message.
    /// </summary>
    public Task RequestVisitsAsync(string dateKey, IEnumerable<Alert> queued, IReadOnlyDictionary<string, Site> sites, CancellationToken ct) =>
        visits.RequestDayAsync(dateKey, [.. queued.Where(a => sites.ContainsKey(a.SiteId)).Select(a => (a, sites[a.SiteId]))], ct);
}

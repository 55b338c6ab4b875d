using HeatRelief.Visits;

namespace HeatRelief.Api;

/// <summary>A one-tap link against what it names: its signature and expiry, the visit, and whether it was used already.</summary>
public sealed class ActionLinkCheck(ActionLinks links, VisitStore store, UsedLinkStore usedLinks, TimeProvider time)
{
    public (ActionLink? Link, LinkRefusal? Refusal) Verify(string token) => links.Verify(token);

    public Task<StoredVisit?> VisitAsync(string visitId, CancellationToken ct) => store.GetAsync(visitId, ct);

    public Task<bool> IsUsedAsync(ActionLink link, CancellationToken ct) => usedLinks.IsUsedAsync(link.VisitId, link.Fingerprint, ct);

    /// <summary>Records the link as used, so it acts at most once.</summary>
    public Task<bool> MarkUsedAsync(ActionLink link, CancellationToken ct) =>
        usedLinks.MarkUsedAsync(link.VisitId, link.Fingerprint, link.Action.ToString().ToLowerInvariant(), time.GetUtcNow(), ct);
}

using HeatRelief.Audit;

namespace HeatRelief.Sites;

/// <summary>
/// Deactivates, re-activates and removes one site, recipient or officer, and writes each change to the audit
/// log. Removal is a state, not a delete: the record stays (inactive, hidden from lists) so the deliveries,
/// visits and audit records that name it still resolve; <see cref="LifecycleAction.Activate"/> brings it back.
/// </summary>
public sealed class DirectoryLifecycle(SiteDirectory directory, AuditLog audit)
{
    /// <summary>Applies <paramref name="action"/> to the record; throws <see cref="DirectoryException"/> for an unknown or ambiguous id.</summary>
    public async Task<LifecycleOutcome> ChangeAsync(DirectoryKind kind, string id, LifecycleAction action, string actor, CancellationToken ct)
    {
        var (partition, rowKey, name, active, removed) = await FindAsync(kind, id, ct);
        var (nextActive, nextRemoved) = action switch
        {
            LifecycleAction.Activate => (true, false),
            LifecycleAction.Deactivate => (false, removed),
            _ => (false, true),
        };
        var noun = Noun(kind);
        if (nextActive == active && nextRemoved == removed)
        {
            return new LifecycleOutcome(false, $"{noun} {rowKey} is already {Describe(active, removed)}; nothing changed");
        }

        await directory.SetStateAsync(kind, partition, rowKey, nextActive, nextRemoved, ct);
        var verb = action switch
        {
            LifecycleAction.Activate => "activated",
            LifecycleAction.Deactivate => "deactivated",
            _ => "removed",
        };
        var message = $"{char.ToUpperInvariant(noun[0])}{noun[1..]} {rowKey} ({name}) {verb}; it was {Describe(active, removed)}";
        await audit.WriteAsync(new AuditRecord(KindOf(kind, action), message,
            SiteId: kind == DirectoryKind.Site ? rowKey : kind == DirectoryKind.Recipient ? partition : null,
            OfficerId: kind == DirectoryKind.Officer ? rowKey : null,
            Actor: actor,
            Details: new { kind = noun, id = rowKey, name, before = Describe(active, removed), after = Describe(nextActive, nextRemoved) }), ct);
        return new LifecycleOutcome(true, message);
    }

    private async Task<(string Partition, string Id, string Name, bool Active, bool Removed)> FindAsync(DirectoryKind kind, string id, CancellationToken ct)
    {
        switch (kind)
        {
            case DirectoryKind.Site:
                var site = await directory.GetSiteAsync(id, ct) ?? throw Unknown(kind, id);
                return (SiteDirectory.PartitionOf(kind), site.Id, site.Name, site.Active, site.Removed);
            case DirectoryKind.Officer:
                var officer = await directory.GetOfficerAsync(id, ct) ?? throw Unknown(kind, id);
                return (SiteDirectory.PartitionOf(kind), officer.Id, officer.Name, officer.Active, officer.Removed);
            default:
                // SITE/ID names one recipient when the same id is used at two sites.
                var slash = id.IndexOf('/', StringComparison.Ordinal);
                var found = await directory.FindRecipientsAsync(slash < 0 ? id : id[(slash + 1)..], ct);
                var matching = slash < 0 ? found : [.. found.Where(r => r.SiteId == id[..slash])];
                if (matching.Count > 1)
                {
                    throw new DirectoryException(ProblemCode.AmbiguousRecipient, new Dictionary<string, string> { ["id"] = id, ["sites"] = string.Join(", ", matching.Select(r => r.SiteId)) });
                }

                var recipient = matching.Count == 1 ? matching[0] : throw Unknown(kind, id);
                return (recipient.SiteId, recipient.Id, recipient.Name, recipient.Active, recipient.Removed);
        }
    }

    private static string KindOf(DirectoryKind kind, LifecycleAction action) => (kind, action) switch
    {
        (DirectoryKind.Site, LifecycleAction.Activate) => AuditKinds.SiteActivated,
        (DirectoryKind.Site, LifecycleAction.Deactivate) => AuditKinds.SiteDeactivated,
        (DirectoryKind.Site, _) => AuditKinds.SiteRemoved,
        (DirectoryKind.Recipient, LifecycleAction.Activate) => AuditKinds.RecipientActivated,
        (DirectoryKind.Recipient, LifecycleAction.Deactivate) => AuditKinds.RecipientDeactivated,
        (DirectoryKind.Recipient, _) => AuditKinds.RecipientRemoved,
        (_, LifecycleAction.Activate) => AuditKinds.OfficerActivated,
        (_, LifecycleAction.Deactivate) => AuditKinds.OfficerDeactivated,
        _ => AuditKinds.OfficerRemoved,
    };

    private static DirectoryException Unknown(DirectoryKind kind, string id) =>
        new(ProblemCode.UnknownRecord, new Dictionary<string, string> { ["kind"] = Noun(kind), ["id"] = id.Length > 64 ? id[..64] + "..." : id });

    private static string Noun(DirectoryKind kind) => kind.ToString().ToLowerInvariant();

    private static string Describe(bool active, bool removed) => removed ? "removed" : active ? "active" : "inactive";
}

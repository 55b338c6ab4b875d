namespace HeatRelief.Audit;

/// <summary>Every kind of audit record, one name each, as stored in the Kind column.</summary>
public static class AuditKinds
{
    public const string HeatEvaluated = "heat.evaluated";
    public const string AlertRaised = "alert.raised";
    public const string AlertEscalated = "alert.escalated";
    public const string AlertCleared = "alert.cleared";
    public const string NotificationQueued = "notification.queued";
    public const string NotificationDelivered = "notification.delivered";
    public const string NotificationDeferred = "notification.deferred";
    public const string NotificationFailed = "notification.failed";
    public const string NotificationSkipped = "notification.skipped";
    public const string ImportCompleted = "import.completed";
    public const string ImportRejected = "import.rejected";
    public const string MessagePoisoned = "message.poisoned";
    public const string MessageRejected = "message.rejected";
    public const string WeatherFailed = "weather.failed";
    public const string WarningReceived = "warning.received";
    public const string WarningUpdated = "warning.updated";
    public const string WarningCancelled = "warning.cancelled";
    public const string WarningRejected = "warning.rejected";
    public const string WarningSourceFailed = "warning.source-failed";
    public const string VisitCreated = "visit.created";
    public const string VisitAccepted = "visit.accepted";
    public const string VisitDeclined = "visit.declined";
    public const string VisitExpired = "visit.expired";
    public const string VisitReassigned = "visit.reassigned";
    public const string VisitCompleted = "visit.completed";
    public const string VisitUnassigned = "visit.unassigned";
    public const string VisitEscalated = "visit.escalated";
    public const string MessageReplayed = "message.replayed";
    public const string MessageDiscarded = "message.discarded";
    public const string SiteActivated = "site.activated";
    public const string SiteDeactivated = "site.deactivated";
    public const string SiteRemoved = "site.removed";
    public const string RecipientActivated = "recipient.activated";
    public const string RecipientDeactivated = "recipient.deactivated";
    public const string RecipientRemoved = "recipient.removed";
    public const string OfficerActivated = "officer.activated";
    public const string OfficerDeactivated = "officer.deactivated";
    public const string OfficerRemoved = "officer.removed";
    public const string HeatCheckRequested = "heat-check.requested";
    public const string SiteAdded = "site.added";
    public const string SiteEdited = "site.edited";
    public const string RecipientAdded = "recipient.added";
    public const string RecipientEdited = "recipient.edited";
    public const string OfficerAdded = "officer.added";
    public const string OfficerEdited = "officer.edited";
    public const string AckRequested = "ack.requested";
    public const string AckReceived = "ack.received";
    public const string AckReminded = "ack.reminded";
    public const string AckEscalated = "ack.escalated";
    public const string DigestSent = "digest.sent";

    /// <summary>
    /// One row per delivery message (an alert's in-line fan-out, or a chunk on the deliveries queue): counts of
    /// delivered, failed, deferred and skipped recipients; the per-recipient facts are in the Deliveries table. A
    /// message with a recipient failed for good writes its row as <see cref="NotificationFailed"/> instead, naming them.
    /// </summary>
    public const string NotificationSummary = "notification.summary";

    /// <summary>
    /// Kinds no action writes any more, kept so older rows still read and filter: the per-recipient delivery rows
    /// that <see cref="NotificationSummary"/> replaced.
    /// </summary>
    public static IReadOnlyList<string> Retired { get; } = [NotificationDelivered, NotificationDeferred, NotificationSkipped];
}

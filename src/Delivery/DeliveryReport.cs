using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Audit;
using HeatRelief.Notifications;
using HeatRelief.Sites;

namespace HeatRelief.Delivery;

/// <summary>Delivery's record-keeping step: the audit trail and the counters of what a chunk did.</summary>
public sealed class DeliveryReport(AuditLog audit, LocalTimeText localTime, DeliveryMetrics metrics)
{
    /// <summary>Counts the recipients held for quiet hours and the ones that vanished, before any send.</summary>
    public void CountHeld(ChunkPlan plan)
    {
        metrics.NotificationsDeferred.Add(plan.Deferred.Count(d => plan.Won.Contains(d.Recipient.Id)));
        metrics.NotificationsFailed.Add(plan.Vanished.Count(plan.Won.Contains));
    }

    /// <summary>Audits every recipient this handler won (skipped, deferred, vanished, then each send's end) and counts the sends.</summary>
    public async Task RecordAsync(Alert alert, ChunkPlan plan, IReadOnlyCollection<(Recipient Recipient, SendOutcome Outcome)> outcomes, string? messageId, CancellationToken ct)
    {
        var won = plan.Won;
        var auditRecords = new List<AuditRecord>();
        foreach (var recipient in plan.Skipped.Where(r => won.Contains(r.Id)))
        {
            auditRecords.Add(Audit(AuditKinds.NotificationSkipped, alert, recipient.Id, recipient.Channel, $"not sent: {DeliveryClaims.HeatDayOverReason} (the {alert.DateKey} heat day ends before the quiet hours do)", messageId));
        }

        foreach (var (recipient, until) in plan.Deferred.Where(d => won.Contains(d.Recipient.Id)))
        {
            auditRecords.Add(Audit(AuditKinds.NotificationDeferred, alert, recipient.Id, recipient.Channel, $"deferred until {localTime.DateTime(until, "en")} (quiet hours)", messageId));
        }

        foreach (var id in plan.Vanished.Where(won.Contains))
        {
            auditRecords.Add(Audit(AuditKinds.NotificationFailed, alert, id, string.Empty, "recipient no longer exists", messageId));
        }

        foreach (var (recipient, outcome) in outcomes)
        {
            auditRecords.Add(outcome.Delivered
                ? Audit(AuditKinds.NotificationDelivered, alert, recipient.Id, recipient.Channel, $"delivered by {recipient.Channel}", messageId)
                : Audit(AuditKinds.NotificationFailed, alert, recipient.Id, recipient.Channel, outcome.Reason ?? "failed", messageId));
        }

        metrics.NotificationsDelivered.Add(outcomes.Count(o => o.Outcome.Delivered));
        metrics.NotificationsFailed.Add(outcomes.Count(o => !o.Outcome.Delivered));
        await audit.WriteManyAsync(auditRecords, ct);
    }

    private static AuditRecord Audit(string kind, Alert alert, string recipientId, string channel, string what, string? messageId) =>
        new(kind, $"{alert.Id} -> {recipientId}: {what}", SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: messageId,
            Details: new { recipientId, channel, level = alert.Level.ToWire() });
}

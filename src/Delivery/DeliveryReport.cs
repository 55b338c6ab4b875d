using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Audit;
using HeatRelief.Notifications;
using HeatRelief.Sites;

namespace HeatRelief.Delivery;

/// <summary>
/// Delivery's record-keeping step: the counters, and one audit row per message summing up what it did (the
/// per-recipient facts are in the Deliveries table, read by who-got-what).
/// </summary>
public sealed class DeliveryReport(AuditLog audit, LocalTimeText localTime, DeliveryMetrics metrics)
{
    /// <summary>Counts what this handler did with one chunk's recipients it won: held, vanished, sent, left to retry.</summary>
    public void Tally(ChunkPlan plan, IEnumerable<(Recipient Recipient, SendOutcome Outcome)> outcomes, int retrying, DeliverySummary summary)
    {
        var won = plan.Won;
        foreach (var _ in plan.Skipped.Where(r => won.Contains(r.Id)))
        {
            summary.AddSkipped();
        }

        foreach (var (_, until) in plan.Deferred.Where(d => won.Contains(d.Recipient.Id)))
        {
            summary.AddDeferred(until);
            metrics.NotificationsDeferred.Add(1);
        }

        foreach (var id in plan.Vanished.Where(won.Contains))
        {
            summary.AddFailure(id, "recipient no longer exists");
            metrics.NotificationsFailed.Add(1);
        }

        Tally(outcomes, retrying, summary);
    }

    /// <summary>Counts sends that ended and sends left to retry.</summary>
    public void Tally(IEnumerable<(Recipient Recipient, SendOutcome Outcome)> outcomes, int retrying, DeliverySummary summary)
    {
        foreach (var (recipient, outcome) in outcomes)
        {
            summary.AddOutcome(recipient, outcome);
            (outcome.Delivered ? metrics.NotificationsDelivered : metrics.NotificationsFailed).Add(1);
        }

        summary.AddRetrying(retrying);
    }

    /// <summary>The fan-out's <see cref="AuditKinds.NotificationQueued"/> row for a large site: how many recipients in how many chunk messages.</summary>
    public Task WriteQueuedAsync(Alert alert, int recipients, int chunks, string? note, object details, string? messageId, CancellationToken ct) =>
        audit.WriteAsync(new AuditRecord(AuditKinds.NotificationQueued,
            string.Create(CultureInfo.InvariantCulture, $"Alert {alert.Id}: {recipients} notifications queued in {chunks} delivery messages") + (note is null ? string.Empty : $"; {note}"),
            SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: messageId, Details: details), ct);

    /// <summary>
    /// Writes the message's one row (<see cref="AuditKinds.NotificationSummary"/>, or <see cref="AuditKinds.NotificationFailed"/>
    /// when a recipient failed for good): the counts, when the deferred are
    /// sent (local time, zone named), and the first failed recipients with their reasons. <paramref name="how"/> says
    /// which path delivered ("in-line", "delivery message"); <paramref name="note"/> adds what the fan-out saw.
    /// </summary>
    public Task WriteAsync(Alert alert, DeliverySummary summary, string how, string? note, string? messageId, CancellationToken ct) =>
        audit.WriteAsync(Record(alert, summary, how, note, messageId), ct);

    /// <summary>Writes rows made by <see cref="Record"/>, in one call.</summary>
    public Task WriteManyAsync(IReadOnlyCollection<AuditRecord> rows, CancellationToken ct) => audit.WriteManyAsync(rows, ct);

    /// <summary>The row <see cref="WriteAsync"/> writes, for a caller that writes several messages' rows in one call.</summary>
    public AuditRecord Record(Alert alert, DeliverySummary summary, string how, string? note, string? messageId)
    {
        var deferred = summary.DeferredUntil is { } until
            ? string.Create(CultureInfo.InvariantCulture, $"{summary.Deferred} deferred (quiet hours, until {localTime.DateTime(until, "en")})")
            : $"{summary.Deferred} deferred";
        var failures = summary.Failures.Select(f => new { recipientId = f.RecipientId, reason = f.Reason }).ToList();
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Alert {alert.Id} ({how}): {summary.Delivered} delivered, {summary.Failed} failed, {deferred}, {summary.Skipped} skipped")
            + (summary.Skipped > 0 ? $" ({DeliveryClaims.HeatDayOverReason})" : string.Empty)
            + (summary.Retrying > 0 ? string.Create(CultureInfo.InvariantCulture, $", {summary.Retrying} to retry") : string.Empty)
            + (failures.Count > 0 ? "; failed: " + string.Join(", ", summary.Failures.Select(f => $"{f.RecipientId} ({f.Reason})")) : string.Empty)
            + (summary.Failed > failures.Count ? string.Create(CultureInfo.InvariantCulture, $" and {summary.Failed - failures.Count} more") : string.Empty)
            + (summary.ContinuedChunks > 0 ? string.Create(CultureInfo.InvariantCulture, $"; send deadline passed, {summary.ContinuedChunks} chunks go on in another message") : string.Empty)
            + (note is null ? string.Empty : $"; {note}");
        // A message with a recipient failed for good is filed under notification.failed, where admins look for failures.
        return new AuditRecord(summary.Failed > 0 ? AuditKinds.NotificationFailed : AuditKinds.NotificationSummary, message, SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: messageId,
            Details: new
            {
                how,
                level = alert.Level.ToWire(),
                delivered = summary.Delivered,
                failed = summary.Failed,
                deferred = summary.Deferred,
                deferredUntil = summary.DeferredUntil,
                skipped = summary.Skipped,
                retrying = summary.Retrying,
                continuedChunks = summary.ContinuedChunks,
                failures,
                failuresNotListed = summary.Failed - failures.Count,
            });
    }
}

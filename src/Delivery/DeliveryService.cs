using HeatRelief.Alerts;
using HeatRelief.Messaging;
using HeatRelief.Notifications;
using HeatRelief.Sites;
using HeatRelief.Triggers;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Delivery;

/// <summary>
/// Sends one chunk of an alert's notifications, from the alert and site copies the chunk carries (read back only
/// for a chunk without them). Each recipient is claimed in the Deliveries table before
/// the send and settled after it (<see cref="DeliveryClaims"/>), so a redelivered chunk never sends again to a
/// settled recipient; quiet hours defer non-red alerts with a delayed message (or skip them when the window
/// outlasts the alert's heat day); a transient failure (<see cref="DeliverySender"/>) is thrown after the
/// successes are recorded, so the retry sends only what is left.
/// </summary>
public sealed partial class DeliveryService(
    AlertStore alerts,
    SiteDirectory directory,
    DeliveryClaims claims,
    DeliverySender sender,
    DeliveryReport report,
    QueueHandling handling,
    ILogger<DeliveryService> logger) : QueueMessageHandler<DeliveryChunkMessage>(handling)
{
    /// <summary>The reason a recipient's delivery is recorded as <see cref="DeliveryStatus.Skipped"/>.</summary>
    public const string HeatDayOverReason = DeliveryClaims.HeatDayOverReason;

    protected override string QueueName => QueueNames.Deliveries;

    protected override async Task ProcessAsync(DeliveryChunkMessage message, string? messageId, long dequeueCount, CancellationToken ct)
    {
        // The fan-out's copies spare two reads per chunk; a message queued without them reads both, as it always did.
        var alert = message.Alert?.ToAlert(message.AlertId, message.Date) ?? await ReadAlertAsync(message, ct);
        var site = message.Site ?? await directory.GetSiteAsync(alert.SiteId, ct)
            ?? throw new PermanentMessageException($"site '{alert.SiteId}' does not exist");
        var ids = message.RecipientIds.Distinct(StringComparer.Ordinal).ToList();
        var recipients = (await directory.GetRecipientsAsync(site.Id, ids, ct)).ToDictionary(r => r.Id, StringComparer.Ordinal);

        var plan = await claims.ClaimAsync(message, alert, ids, recipients, ct);
        var (outcomes, transient) = await sender.SendAllAsync(alert, site, plan.ToSend.Where(r => plan.Won.Contains(r.Id)), ct);
        await claims.SettleAsync(message, outcomes, ct);
        var summary = new DeliverySummary();
        report.Tally(plan, outcomes, transient.Count, summary);
        if (!summary.IsEmpty)
        {
            await report.WriteAsync(alert, summary, message.Deferred ? "delayed delivery message" : "delivery message", null, messageId, ct);
        }

        LogChunk(logger, alert.Id, summary.Delivered, summary.Failed, summary.Deferred, transient.Count);

        if (transient.Count > 0)
        {
            throw new TransientDeliveryException($"{transient.Count} of {plan.ToSend.Count} sends for alert {alert.Id} failed transiently; the message is retried for them",
                new AggregateException(transient));
        }
    }

    private async Task<Alert> ReadAlertAsync(DeliveryChunkMessage message, CancellationToken ct)
    {
        var (alert, _) = await alerts.GetAsync(message.Date, message.AlertId, ct)
            ?? throw new PermanentMessageException($"alert '{message.AlertId}' of {message.Date} does not exist");
        return alert.SiteId == message.SiteId
            ? alert
            : throw new PermanentMessageException($"alert '{alert.Id}' belongs to site '{alert.SiteId}', not '{message.SiteId}'");
    }

    /// <summary>The key every send of this alert to this recipient carries, so a receiver can drop a duplicate.</summary>
    public static string IdempotencyKey(string alertId, string recipientId) => $"{alertId}:{recipientId}";

    [LoggerMessage(EventId = 4001, EventName = "DeliveryChunk", Level = LogLevel.Information, Message = "Alert {AlertId} chunk: {Delivered} delivered, {Failed} failed, {Deferred} deferred, {Transient} to retry")]
    private static partial void LogChunk(ILogger logger, string alertId, int delivered, int failed, int deferred, int transient);
}

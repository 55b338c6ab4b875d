using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using HeatRelief.Triggers;
using HeatRelief.Delivery;
using HeatRelief.Visits;

namespace HeatRelief.FanOut;

/// <summary>
/// Turns one alert into delivery messages, each carrying a chunk of the site's recipients (streamed page by
/// page) and copies of the alert and the site (the heat check requests the visits). Redelivery
/// after completion does nothing; redelivery after a crash re-sends chunks, which delivery de-duplicates per recipient.
/// </summary>
public sealed partial class FanOutService(
    AlertStore alerts,
    SiteDirectory directory,
    QueueSender sender,
    AuditLog audit,
    FanOutMetrics metrics,
    QueueHandling handling,
    ILogger<FanOutService> logger) : QueueMessageHandler<AlertMessage>(handling)
{
    protected override string QueueName => QueueNames.Alerts;

    protected override async Task ProcessAsync(AlertMessage message, string? messageId, long dequeueCount, CancellationToken ct)
    {
        // A first attempt with the heat check's copy of a new alert skips the read: the heat check sends a copy only
        // with the alert's first message (a re-queued orphan goes without one), so an alert already fanned out comes
        // back as a redelivery (dequeue count above 1) or without a copy, and both still read the row and its mark.
        Alert alert;
        if (message.Alert is { } copy && dequeueCount <= 1)
        {
            alert = copy.ToAlert(message.AlertId, message.Date);
        }
        else
        {
            var (stored, progress) = await alerts.GetAsync(message.Date, message.AlertId, ct)
                ?? throw new PermanentMessageException($"alert '{message.AlertId}' of {message.Date} does not exist");
            if (progress.FanOutCompleted)
            {
                LogAlreadyDone(logger, stored.Id);
                return;
            }

            alert = stored;
        }

        // The site is read even with a copy: a site deactivated after its alert was raised tells nobody.
        var site = await directory.GetSiteAsync(alert.SiteId, ct)
            ?? throw new PermanentMessageException($"site '{alert.SiteId}' of alert '{alert.Id}' does not exist");

        // Pages come in recipient id order, so of several rows with one contact the first id (ordinal) is the
        // one told, on every redelivery alike: delivery's per-recipient record stays the idempotency key.
        // A site deactivated after its alert was raised tells nobody and asks for no visit.
        int recipients = 0, chunks = 0, skipped = 0;
        var contacts = new HashSet<string>(StringComparer.Ordinal);
        if (site.Active)
        {
            await foreach (var page in directory.PageRecipientsAsync(alert.SiteId, StorageSettings.DeliveryChunkSize, ct))
            {
                var told = page.Where(r => r.Active && contacts.Add(r.ContactKey)).Select(r => r.Id).ToList();
                skipped += page.Count - told.Count;
                if (told.Count == 0)
                {
                    continue;
                }

                await sender.SendAsync(QueueNames.Deliveries,
                    DeliveryChunkMessage.For(alert, site, told), ct: ct);
                recipients += told.Count;
                chunks++;
            }
        }

        // The heat check records the visit and asks for the day's offers itself (VisitRequests); the audit still says so.
        var visitRequested = alert.Kind != AlertKind.Cleared && site.Active;

        await alerts.MarkFannedOutAsync(alert.DateKey, alert.Id, recipients, chunks, ct);
        metrics.NotificationsQueued.Add(recipients);
        LogFannedOut(logger, alert.Id, alert.SiteId, recipients, chunks);
        await audit.WriteAsync(new AuditRecord(AuditKinds.NotificationQueued,
            $"Alert {alert.Id}: {recipients} notifications queued in {chunks} delivery messages{(visitRequested ? ", visit requested" : string.Empty)}"
            + (site.Active ? (skipped > 0 ? $"; {skipped} recipients skipped (inactive, or a contact already told)" : string.Empty) : "; site is inactive, nobody told"),
            SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: messageId,
            Details: new { recipients, chunks, visitRequested, skipped, siteActive = site.Active }), ct);
    }

    [LoggerMessage(EventId = 3001, EventName = "AlertFannedOut", Level = LogLevel.Information, Message = "Alert {AlertId} for site {SiteId} fanned out: {Recipients} recipients in {Chunks} delivery messages")]
    private static partial void LogFannedOut(ILogger logger, string alertId, string siteId, int recipients, int chunks);

    [LoggerMessage(EventId = 3002, EventName = "FanOutAlreadyDone", Level = LogLevel.Information, Message = "Alert {AlertId} was already fanned out; redelivered message ignored")]
    private static partial void LogAlreadyDone(ILogger logger, string alertId);
}

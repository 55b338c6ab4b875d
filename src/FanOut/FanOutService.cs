using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Notifications;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using HeatRelief.Triggers;
using HeatRelief.Delivery;
using HeatRelief.Visits;

namespace HeatRelief.FanOut;

/// <summary>
/// Tells one alert's site: an ordinary site's recipients in-line, from the pages it reads (<see cref="SiteDelivery"/>,
/// one audit summary row), a large site's as delivery messages each carrying a chunk of recipients and copies of the
/// alert and the site (the heat check requests the visits). Redelivery after completion does nothing; redelivery
/// after a crash delivers again, and delivery's records keep it to the recipients not yet told.
/// </summary>
public sealed partial class FanOutService(
    AlertStore alerts,
    SiteDirectory directory,
    QueueSender sender,
    SiteDelivery delivery,
    FanOutMetrics metrics,
    QueueHandling handling,
    ILogger<FanOutService> logger) : QueueMessageHandler<AlertMessage>(handling)
{
    /// <summary>Recipients read per request: a whole ordinary site in one (the most a table query returns).</summary>
    private const int RecipientsPerRead = 1000;

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
        // A site deactivated after its alert was raised tells nobody and asks for no visit. The pages hold whole
        // recipients: an ordinary site is told in-line from them; once a site has more than the in-line limit, its
        // recipients go out as chunk messages on the deliveries queue, as they read.
        int skipped = 0, chunks = 0, queuedRecipients = 0;
        var contacts = new HashSet<string>(StringComparer.Ordinal);
        var told = new List<Recipient>();
        var queued = false;
        if (site.Active)
        {
            await foreach (var page in directory.PageRecipientsAsync(alert.SiteId, RecipientsPerRead, ct))
            {
                foreach (var recipient in page)
                {
                    if (recipient.Active && contacts.Add(recipient.ContactKey))
                    {
                        told.Add(recipient);
                    }
                    else
                    {
                        skipped++;
                    }
                }

                queued |= told.Count > StorageSettings.InlineDeliveryMaxRecipients;
                while (queued && told.Count >= StorageSettings.DeliveryChunkSize)
                {
                    await QueueChunkAsync();
                }
            }

            while (queued && told.Count > 0)
            {
                await QueueChunkAsync();
            }
        }

        // The heat check records the visit and asks for the day's offers itself (VisitRequests); the audit still says so.
        var visitRequested = alert.Kind != AlertKind.Cleared && site.Active;
        var note = string.Join("; ", new[]
        {
            visitRequested ? "visit requested" : null,
            skipped > 0 ? string.Create(CultureInfo.InvariantCulture, $"{skipped} recipients skipped (inactive, or a contact already told)") : null,
            site.Active ? null : "site is inactive, nobody told",
        }.OfType<string>());
        DeliverySummary? summary = null;
        if (queued)
        {
            await delivery.WriteQueuedAsync(alert, queuedRecipients, chunks, note.Length > 0 ? note : null,
                new { recipients = queuedRecipients, chunks, visitRequested, skipped, siteActive = site.Active }, messageId, ct);
        }
        else
        {
            // The handler is the queue message: its own retries resume its claims at once; another message for the
            // alert (a re-queued orphan, a duplicate) finds them held while their lease lasts.
            summary = await delivery.DeliverAsync(alert, site, told, note.Length > 0 ? note : null, messageId ?? Guid.NewGuid().ToString("N"), ct);
            if (summary.HeldUntil is { } until)
            {
                // Sent back rather than thrown: a throw comes back within seconds and spends one of the message's few
                // attempts each time, poisoning a sound alert while another handler is merely at work; the copy comes
                // back once the lease can have run out, reads the alert and its mark, and finds it done or takes over.
                await sender.SendAsync(QueueNames.Alerts, message with { Alert = null }, summary.SendBackAfter, ct);
                LogHeld(logger, alert.Id, until);
                return;
            }
        }

        // A send that failed transiently has no final record: the retry of this message sends it (and only it).
        if (summary is { Retrying: > 0 })
        {
            throw new TransientDeliveryException($"{summary.Retrying} sends for alert {alert.Id} failed transiently; the message is retried for them");
        }

        var recipients = queued ? queuedRecipients : told.Count;
        await alerts.MarkFannedOutAsync(alert.DateKey, alert.Id, recipients, chunks, ct);
        metrics.NotificationsQueued.Add(recipients);
        LogFannedOut(logger, alert.Id, alert.SiteId, recipients, chunks);

        async Task QueueChunkAsync()
        {
            var chunk = told.Take(StorageSettings.DeliveryChunkSize).Select(r => r.Id).ToList();
            await sender.SendAsync(QueueNames.Deliveries, DeliveryChunkMessage.For(alert, site, chunk), ct: ct);
            told.RemoveRange(0, chunk.Count);
            queuedRecipients += chunk.Count;
            chunks++;
        }
    }

    [LoggerMessage(EventId = 3003, EventName = "FanOutHeld", Level = LogLevel.Information, Message = "Alert {AlertId}: another handler holds its delivery chunks until {Until}; the message is sent back until then")]
    private static partial void LogHeld(ILogger logger, string alertId, DateTimeOffset until);

    [LoggerMessage(EventId = 3001, EventName = "AlertFannedOut", Level = LogLevel.Information, Message = "Alert {AlertId} for site {SiteId} fanned out: {Recipients} recipients in {Chunks} delivery messages")]
    private static partial void LogFannedOut(ILogger logger, string alertId, string siteId, int recipients, int chunks);

    [LoggerMessage(EventId = 3002, EventName = "FanOutAlreadyDone", Level = LogLevel.Information, Message = "Alert {AlertId} was already fanned out; redelivered message ignored")]
    private static partial void LogAlreadyDone(ILogger logger, string alertId);
}

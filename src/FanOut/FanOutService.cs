using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Notifications;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using HeatRelief.Triggers;
using HeatRelief.Delivery;
using HeatRelief.Storage;
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

    /// <summary>
    /// A site with more recipients to tell than this is split (<see cref="RangeChunker"/>): its alert's Deliveries rows go
    /// to the alert's 16 buckets, a range of consecutive recipients to each chunk, instead of one partition. The most the
    /// in-line limit can be, so only sites on the deliveries queue split, and with the default limit every one of them
    /// does; a site below it keeps one partition even when the limit is lowered to queue every site (a split of a small
    /// site would only spread its one or two chunks' rows).
    /// </summary>
    public const int SplitAboveRecipients = 1000;

    protected override string QueueName => QueueNames.Alerts;

    protected override async Task ProcessAsync(AlertMessage message, string? messageId, long dequeueCount, CancellationToken ct)
    {
        // One alert after another, each by the rules of a single-alert message; what a work message's alerts share is
        // read and written once: their rows (when read), their sites, and their "fanned out" marks (one batch, written
        // after the alerts it marks are delivered, and before a failure is rethrown, so a retry finds them done).
        var work = message.Work();
        var deadline = Time.GetUtcNow().AddSeconds(StorageSettings.WorkMessageDeadlineSeconds);
        var marks = new List<(string AlertId, int Recipients, int Chunks)>();
        var auditRows = new List<AuditRecord>();
        var retrying = 0;
        var owner = messageId ?? Guid.NewGuid().ToString("N");

        // A first attempt with the heat check's copy of a new alert skips the read: the heat check sends a copy only
        // with the alert's first message (a re-queued orphan and a continuation go without one), so an alert already
        // fanned out comes back as a redelivery (dequeue count above 1) or without a copy, and both still read the row
        // and its mark. A work message's rows are read in one query.
        var toRead = work.Where(w => w.Alert is null || dequeueCount > 1).Select(w => w.AlertId).ToList();
        IReadOnlyDictionary<string, (Alert Alert, AlertProgress Progress)> stored = toRead.Count == 0
            ? new Dictionary<string, (Alert, AlertProgress)>()
            : await alerts.GetManyAsync(message.Date, toRead, ct);
        var alertsOf = new List<(AlertWork Work, Alert? Alert, string? Problem)>();
        foreach (var item in work)
        {
            if (item.Alert is { } copy && dequeueCount <= 1)
            {
                alertsOf.Add((item, copy.ToAlert(item.AlertId, message.Date), null));
            }
            else if (!stored.TryGetValue(item.AlertId, out var row))
            {
                alertsOf.Add((item, null, $"alert '{item.AlertId}' of {message.Date} does not exist"));
            }
            else if (row.Progress.FanOutCompleted)
            {
                LogAlreadyDone(logger, item.AlertId);
            }
            else
            {
                alertsOf.Add((item, row.Alert, null));
            }
        }

        // The site is read even with a copy: a site deactivated after its alert was raised tells nobody. One query.
        var sites = await directory.GetSitesAsync(alertsOf.Where(a => a.Alert is not null).Select(a => a.Alert!.SiteId), ct);
        try
        {
            for (var i = 0; i < alertsOf.Count; i++)
            {
                var (item, alert, problem) = alertsOf[i];
                if (i > 0 && Time.GetUtcNow() >= deadline)
                {
                    // Alerts not started by the deadline go on in a continuation message, without copies: they are
                    // read back, so one a crashed earlier attempt also continued is found done.
                    var rest = alertsOf.Skip(i).Select(a => a.Work with { Alert = null }).ToList();
                    await sender.SendAsync(QueueNames.Alerts, AlertMessage.Of(message.Date, rest), ct: ct);
                    LogContinued(logger, message.AlertId, rest.Count);
                    break;
                }

                problem ??= alert is not null && !sites.ContainsKey(alert.SiteId) ? $"site '{alert.SiteId}' of alert '{alert.Id}' does not exist" : null;
                if (problem is not null)
                {
                    // A message of one alert goes to the poison queue whole, as always; in a work message only the
                    // alert that can never work does, and the others go on.
                    if (work.Count == 1)
                    {
                        throw new PermanentMessageException(problem);
                    }

                    await Poison.RejectAsync(QueueName, MessageJson.Serialize(new AlertMessage(AlertMessage.CurrentVersion, item.AlertId, message.Date)), messageId, problem, ct);
                    continue;
                }

                var readBack = item.Alert is null || dequeueCount > 1;
                var done = await FanOutAsync(message.Date, alert!, sites[alert!.SiteId], (owner, messageId, deadline, readBack), auditRows, ct);
                retrying += done.Retrying;
                if (done.Mark is { } mark)
                {
                    marks.Add(mark);
                }

                if (done.Continued)
                {
                    // Its delivery reached the deadline mid-way: it goes on first in the continuation, with the alerts
                    // not started; it is read back there, and its claims (released) are taken over at once.
                    var rest = alertsOf.Skip(i).Select(a => a.Work with { Alert = null }).ToList();
                    await sender.SendAsync(QueueNames.Alerts, AlertMessage.Of(message.Date, rest), ct: ct);
                    LogContinued(logger, message.AlertId, rest.Count);
                    break;
                }
            }
        }
        finally
        {
            // The in-line deliveries' audit rows, then the marks of the alerts they finished.
            if (auditRows.Count > 0)
            {
                await delivery.WriteAuditRowsAsync(auditRows, CancellationToken.None);
            }

            if (marks.Count > 0)
            {
                await alerts.MarkFannedOutManyAsync(message.Date, marks, CancellationToken.None);
            }
        }

        // A send that failed transiently has no final record: the retry of this message sends it (and only it); the
        // alerts marked above are skipped by the retry.
        if (retrying > 0)
        {
            throw new TransientDeliveryException($"{retrying} sends of message {message.AlertId} failed transiently; the message is retried for them");
        }
    }

    /// <summary>Tells one alert's site; returns its mark, or none when it is held by another handler or has sends to retry.</summary>
    /// <remarks>
    /// <paramref name="handler"/>: the claims' owner, the queue message id, the send deadline, and whether the alert was
    /// read back (a redelivery, a continuation, a re-queued orphan: an earlier attempt may have begun it).
    /// </remarks>
    private async Task<((string AlertId, int Recipients, int Chunks)? Mark, int Retrying, bool Continued)> FanOutAsync(string date, Alert alert, Site site,
        (string Owner, string? MessageId, DateTimeOffset Deadline, bool ReadBack) handler, List<AuditRecord> auditRows, CancellationToken ct)
    {
        var (owner, messageId, deadline, readBack) = handler;
        // Pages come in recipient id order, so of several rows with one contact the first id (ordinal) is the
        // one told, on every redelivery alike: delivery's per-recipient record stays the idempotency key.
        // A site deactivated after its alert was raised tells nobody and asks for no visit. The pages hold whole
        // recipients: an ordinary site is told in-line from them; once a site has more than the in-line limit, its
        // recipients go out as chunk messages on the deliveries queue, as they read. A site of more than
        // SplitAboveRecipients is split: its chunks are runs of consecutive recipients as before, each in a stored range
        // with its own bucket (RangeChunker), so its Deliveries rows spread over the alert's 16 buckets while each chunk's
        // claims and settling stay one batch and its recipients one short read. Chunks wait until the site passes that
        // size or its pages end (at most two pages held), so every chunk of an alert is of one layout.
        int skipped = 0, chunks = 0, queuedRecipients = 0;
        var contacts = new HashSet<string>(StringComparer.Ordinal);
        var told = new List<Recipient>();
        var queued = false;
        bool? split = null;
        RangeChunker? ranges = null;
        if (site.Active && readBack && await delivery.ResumeSplitAsync(alert, (ids, bucket) => SendChunkAsync(ids, bucket), ct) is { } resumed)
        {
            // An earlier attempt split this alert (its ranges are stored): it stays split whatever the site's size now.
            // An import since may have made it an ordinary site, whose in-line delivery would not look in the buckets
            // for the recipients already told, and would tell them again. One query, on a read-back alert only.
            (ranges, split, queued) = (resumed, true, true);
        }

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
                if (queued && split is null && told.Count > SplitAboveRecipients)
                {
                    ranges = await delivery.SplitAsync(alert, (ids, bucket) => SendChunkAsync(ids, bucket), ct);
                    split = ranges is not null;
                }

                if (split is not null)
                {
                    await QueueChunksAsync(flush: false);
                }
            }

            if (queued)
            {
                await QueueChunksAsync(flush: true);
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
                new { recipients = queuedRecipients, chunks, split = split is true, visitRequested, skipped, siteActive = site.Active }, messageId, ct);
        }
        else
        {
            // The handler is the queue message: its own retries resume its claims at once; another message for the
            // alert (a re-queued orphan, a duplicate, a continuation) finds them held while their lease lasts.
            summary = await delivery.DeliverAsync(alert, site, told, note.Length > 0 ? note : null, owner, deadline, ct, auditRows);
            if (summary.ContinuedChunks > 0)
            {
                // Not marked, and its sends left to retry are the continuation's (it reads their rows), not a reason to retry this message.
                return (null, 0, true);
            }

            if (summary.HeldUntil is { } until)
            {
                // Sent back rather than thrown: a throw comes back within seconds and spends one of the message's few
                // attempts each time, poisoning a sound alert while another handler is merely at work; the copy comes
                // back once the lease can have run out, reads the alert and its mark, and finds it done or takes over.
                // Of a work message, only the held alert is sent back, alone.
                await sender.SendAsync(QueueNames.Alerts, new AlertMessage(AlertMessage.CurrentVersion, alert.Id, date), summary.SendBackAfter, ct);
                LogHeld(logger, alert.Id, until);
                return (null, 0, false);
            }
        }

        // A send that failed transiently has no final record and no mark: the retry of the message sends it.
        if (summary is { Retrying: > 0 })
        {
            return (null, summary.Retrying, false);
        }

        var recipients = queued ? queuedRecipients : told.Count;
        metrics.NotificationsQueued.Add(recipients);
        LogFannedOut(logger, alert.Id, alert.SiteId, recipients, chunks);
        return ((alert.Id, recipients, chunks), 0, false);

        async Task QueueChunksAsync(bool flush)
        {
            if (ranges is not null)
            {
                foreach (var recipient in told)
                {
                    await ranges.AddAsync(recipient.Id, ct);
                }

                told.Clear();
                if (flush)
                {
                    await ranges.FlushAsync(ct);
                }

                return;
            }

            while (told.Count >= StorageSettings.DeliveryChunkSize || (flush && told.Count > 0))
            {
                var chunk = told.Take(StorageSettings.DeliveryChunkSize).Select(r => r.Id).ToList();
                await SendChunkAsync(chunk, null);
                told.RemoveRange(0, chunk.Count);
            }
        }

        async Task SendChunkAsync(IReadOnlyList<string> ids, int? bucket)
        {
            await sender.SendAsync(QueueNames.Deliveries, DeliveryChunkMessage.For(alert, site, ids, bucket), ct: ct);
            queuedRecipients += ids.Count;
            chunks++;
        }
    }

    [LoggerMessage(EventId = 3004, EventName = "FanOutContinued", Level = LogLevel.Information, Message = "Work message of alert {AlertId} reached its send deadline; {Alerts} alerts go on in a continuation message")]
    private static partial void LogContinued(ILogger logger, string alertId, int alerts);

    [LoggerMessage(EventId = 3003, EventName = "FanOutHeld", Level = LogLevel.Information, Message = "Alert {AlertId}: another handler holds its delivery chunks until {Until}; the message is sent back until then")]
    private static partial void LogHeld(ILogger logger, string alertId, DateTimeOffset until);

    [LoggerMessage(EventId = 3001, EventName = "AlertFannedOut", Level = LogLevel.Information, Message = "Alert {AlertId} for site {SiteId} fanned out: {Recipients} recipients in {Chunks} delivery messages")]
    private static partial void LogFannedOut(ILogger logger, string alertId, string siteId, int recipients, int chunks);

    [LoggerMessage(EventId = 3002, EventName = "FanOutAlreadyDone", Level = LogLevel.Information, Message = "Alert {AlertId} was already fanned out; redelivered message ignored")]
    private static partial void LogAlreadyDone(ILogger logger, string alertId);
}

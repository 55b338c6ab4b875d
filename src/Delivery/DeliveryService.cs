using Azure;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Pipeline;
using HeatRelief.Sites;
using HeatRelief.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HeatRelief.Triggers;

namespace HeatRelief.Delivery;

/// <summary>
/// Sends one chunk of an alert's notifications. Each recipient is claimed in the Deliveries table before
/// the send and settled after it, so a redelivered chunk never sends again to a settled recipient; quiet
/// hours defer non-red alerts with a delayed message (or skip them when the window outlasts the alert's heat
/// day); a transient failure is thrown after the successes
/// are recorded, so the retry sends only what is left.
/// </summary>
public sealed partial class DeliveryService(
    AlertStore alerts,
    SiteDirectory directory,
    DeliveryStore deliveries,
    NotificationChannels channels,
    QueueSender sender,
    AuditLog audit,
    LocalTimeText localTime,
    PipelineMetrics metrics,
    TimeProvider time,
    IOptions<StorageOptions> storage,
    PoisonMessages poison,
    PipelineActivity activity,
    ILogger<DeliveryService> logger) : QueueMessageHandler<DeliveryChunkMessage>(poison, storage, activity)
{
    private const int MaxParallelSends = 8;

    /// <summary>The reason a recipient's delivery is recorded as <see cref="DeliveryStatus.Skipped"/>.</summary>
    public const string HeatDayOverReason = "heat day over during quiet hours";
    private static readonly TimeSpan MaxQueueDelay = TimeSpan.FromDays(6);

    protected override string QueueName => QueueNames.Deliveries;

    protected override async Task ProcessAsync(DeliveryChunkMessage message, string? messageId, CancellationToken ct)
    {
        var (alert, _) = await alerts.GetAsync(message.Date, message.AlertId, ct)
            ?? throw new PermanentMessageException($"alert '{message.AlertId}' of {message.Date} does not exist");
        if (alert.SiteId != message.SiteId)
        {
            throw new PermanentMessageException($"alert '{alert.Id}' belongs to site '{alert.SiteId}', not '{message.SiteId}'");
        }

        var site = await directory.GetSiteAsync(alert.SiteId, ct)
            ?? throw new PermanentMessageException($"site '{alert.SiteId}' does not exist");
        var ids = message.RecipientIds.Distinct(StringComparer.Ordinal).ToList();
        var recipients = (await directory.GetRecipientsAsync(site.Id, ids, ct)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();

        // A chunk's first delivery finds no records, so it skips the read: it inserts every claim in one
        // all-or-nothing batch. Any existing record (a retry, a duplicate chunk) fails the whole batch, and
        // the chunk then reads the records and decides as below. A deferral is never optimistic: its delayed
        // message must go out before its row.
        var plan = Plan(message, alert, ids, recipients, NoRecords, now);
        IReadOnlySet<string> won;
        if (!message.Deferred && plan.Deferred.Count == 0 && await deliveries.TryInsertAllAsync(alert.Id, plan.Claims, ct))
        {
            won = plan.Claims.Select(c => c.Entity.RowKey).ToHashSet(StringComparer.Ordinal);
        }
        else
        {
            var records = await deliveries.ReadAsync(alert.Id, ids, ct);
            plan = Plan(message, alert, ids, recipients, records, now);

            // The delayed message goes out before the Deferred rows: a crash in between re-defers on retry,
            // never strands a recipient whose row says a delayed message exists.
            foreach (var group in plan.Deferred.GroupBy(d => d.Until))
            {
                var delay = group.Key - now;
                await sender.SendAsync(QueueNames.Deliveries,
                    message with { RecipientIds = [.. group.Select(d => d.Recipient.Id)], Deferred = true },
                    delay > MaxQueueDelay ? MaxQueueDelay : delay, ct);
            }

            won = await deliveries.ClaimAsync(alert.Id, plan.Claims, ct);
        }

        var (toSend, deferred, vanished) = (plan.ToSend, plan.Deferred, plan.Vanished);
        var auditRecords = new List<AuditRecord>();
        foreach (var recipient in plan.Skipped.Where(r => won.Contains(r.Id)))
        {
            auditRecords.Add(Audit(AuditKinds.NotificationSkipped, alert, recipient.Id, recipient.Channel, $"not sent: {HeatDayOverReason} (the {alert.DateKey} heat day ends before the quiet hours do)", messageId));
        }
        foreach (var (recipient, until) in deferred.Where(d => won.Contains(d.Recipient.Id)))
        {
            auditRecords.Add(Audit(AuditKinds.NotificationDeferred, alert, recipient.Id, recipient.Channel, $"deferred until {localTime.DateTime(until, "en")} (quiet hours)", messageId));
        }

        foreach (var id in vanished.Where(won.Contains))
        {
            auditRecords.Add(Audit(AuditKinds.NotificationFailed, alert, id, string.Empty, "recipient no longer exists", messageId));
        }

        metrics.NotificationsDeferred.Add(deferred.Count(d => won.Contains(d.Recipient.Id)));
        metrics.NotificationsFailed.Add(vanished.Count(won.Contains));

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(Recipient Recipient, SendOutcome Outcome)>();
        var transient = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        await Parallel.ForEachAsync(toSend.Where(r => won.Contains(r.Id)), new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = ct }, async (recipient, token) =>
        {
            try
            {
                outcomes.Add((recipient, await SendAsync(alert, site, recipient, token)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(logger, ex, alert.Id, recipient.Id, recipient.Channel);
                transient.Add(ex);
            }
        });

        var settled = outcomes.Select(o => new TableEntity(alert.Id, o.Recipient.Id)
        {
            ["Status"] = o.Outcome.Delivered ? nameof(DeliveryStatus.Delivered) : nameof(DeliveryStatus.Failed),
            ["Reason"] = o.Outcome.Reason,
            ["SettledAt"] = time.GetUtcNow(),
        }).ToList();
        await deliveries.CompleteAsync(alert.Id, settled, ct);

        foreach (var (recipient, outcome) in outcomes)
        {
            auditRecords.Add(outcome.Delivered
                ? Audit(AuditKinds.NotificationDelivered, alert, recipient.Id, recipient.Channel, $"delivered by {recipient.Channel}", messageId)
                : Audit(AuditKinds.NotificationFailed, alert, recipient.Id, recipient.Channel, outcome.Reason ?? "failed", messageId));
        }

        metrics.NotificationsDelivered.Add(outcomes.Count(o => o.Outcome.Delivered));
        metrics.NotificationsFailed.Add(outcomes.Count(o => !o.Outcome.Delivered));
        await audit.WriteManyAsync(auditRecords, ct);
        LogChunk(logger, alert.Id, outcomes.Count(o => o.Outcome.Delivered), outcomes.Count(o => !o.Outcome.Delivered), deferred.Count, transient.Count);

        if (!transient.IsEmpty)
        {
            throw new TransientDeliveryException($"{transient.Count} of {toSend.Count} sends for alert {alert.Id} failed transiently; the message is retried for them",
                new AggregateException(transient));
        }
    }

    private static readonly IReadOnlyDictionary<string, DeliveryRecord> NoRecords = new Dictionary<string, DeliveryRecord>();

    /// <summary>What a chunk does given the records found: the claims to write, and whom they send, defer or fail.</summary>
    private sealed record ChunkPlan(List<TableTransactionAction> Claims, List<Recipient> ToSend, List<(Recipient Recipient, DateTimeOffset Until)> Deferred, List<string> Vanished, List<Recipient> Skipped);

    private static ChunkPlan Plan(DeliveryChunkMessage message, Alert alert, IReadOnlyList<string> ids, IReadOnlyDictionary<string, Recipient> recipients, IReadOnlyDictionary<string, DeliveryRecord> records, DateTimeOffset now)
    {
        var plan = new ChunkPlan([], [], [], [], []);
        foreach (var id in ids)
        {
            records.TryGetValue(id, out var record);
            if (record?.Status is DeliveryStatus.Delivered or DeliveryStatus.Failed or DeliveryStatus.Skipped)
            {
                continue;
            }

            if (!recipients.TryGetValue(id, out var recipient))
            {
                if (record is null)
                {
                    plan.Vanished.Add(id);
                    plan.Claims.Add(new TableTransactionAction(TableTransactionActionType.Add, NewRow(alert, id, string.Empty, DeliveryStatus.Failed, now, reason: "recipient no longer exists")));
                }

                continue;
            }

            if (record?.Status == DeliveryStatus.Deferred)
            {
                // Only the delayed message sends a deferred recipient, and only once its quiet hours are over.
                if (!message.Deferred || record.DeferredUntil > now.AddSeconds(5))
                {
                    continue;
                }
            }
            else if (record is null && !alert.BypassesQuietHours
                && QuietHours.EndsAt(recipient.QuietStart, recipient.QuietEnd, now, alert.UtcOffsetSeconds) is { } until)
            {
                // Held to a window that ends after the heat day would arrive the next morning as if current: not sent.
                if (until >= HeatDayEnds(alert))
                {
                    plan.Skipped.Add(recipient);
                    plan.Claims.Add(new TableTransactionAction(TableTransactionActionType.Add, NewRow(alert, id, recipient.Channel, DeliveryStatus.Skipped, now, reason: HeatDayOverReason)));
                    continue;
                }

                plan.Deferred.Add((recipient, until));
                plan.Claims.Add(new TableTransactionAction(TableTransactionActionType.Add, NewRow(alert, id, recipient.Channel, DeliveryStatus.Deferred, now, deferredUntil: until)));
                continue;
            }

            plan.ToSend.Add(recipient);
            plan.Claims.Add(record is null
                ? new TableTransactionAction(TableTransactionActionType.Add, NewRow(alert, id, recipient.Channel, DeliveryStatus.Sending, now))
                : new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                    new TableEntity(alert.Id, id) { ["Status"] = nameof(DeliveryStatus.Sending), ["Attempts"] = record.Attempts + 1, ["ClaimedAt"] = now },
                    record.ETag));
        }

        return plan;
    }

    private async Task<SendOutcome> SendAsync(Alert alert, Site site, Recipient recipient, CancellationToken ct)
    {
        var channel = channels.Find(recipient.Channel);
        if (channel is null)
        {
            return SendOutcome.Permanent($"unknown channel '{recipient.Channel}'");
        }

        var (title, body) = AlertText.Compose(alert, site, recipient.Language);
        var data = new Dictionary<string, object?>
        {
            ["alertId"] = alert.Id,
            ["siteId"] = site.Id,
            ["siteName"] = site.Name,
            ["date"] = alert.DateKey,
            ["kind"] = alert.Kind.ToString().ToLowerInvariant(),
            ["level"] = Heat.HeatNames.ToWire(alert.Level),
            ["maxTemperatureC"] = alert.Grade.MaxTemperatureC,
            ["maxHeatIndexC"] = double.IsNaN(alert.Grade.MaxHeatIndexC) ? null : alert.Grade.MaxHeatIndexC,
            ["hottestWindow"] = alert.Grade.HottestWindow is { } w ? new { start = w.StartText, end = w.EndText } : null,
            ["recipientId"] = recipient.Id,
        };
        return await channel.SendAsync(new Notification(IdempotencyKey(alert.Id, recipient.Id), recipient.Channel, recipient.Address, recipient.Language, title, body, data), ct);
    }

    /// <summary>The key every send of this alert to this recipient carries, so a receiver can drop a duplicate.</summary>
    public static string IdempotencyKey(string alertId, string recipientId) => $"{alertId}:{recipientId}";

    /// <summary>The end of the alert's day (local midnight after it) as an instant.</summary>
    private static DateTimeOffset HeatDayEnds(Alert alert) =>
        new DateTimeOffset(alert.Date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromSeconds(alert.UtcOffsetSeconds)).ToUniversalTime();

    private static TableEntity NewRow(Alert alert, string recipientId, string channel, DeliveryStatus status, DateTimeOffset now, DateTimeOffset? deferredUntil = null, string? reason = null) =>
        new(alert.Id, recipientId)
        {
            ["SiteId"] = alert.SiteId,
            ["Date"] = alert.DateKey,
            ["Level"] = Heat.HeatNames.ToWire(alert.Level),
            ["Channel"] = channel,
            ["Status"] = status.ToString(),
            ["Attempts"] = status == DeliveryStatus.Sending ? 1 : 0,
            ["IdempotencyKey"] = IdempotencyKey(alert.Id, recipientId),
            ["CreatedAt"] = now,
            ["DeferredUntil"] = deferredUntil,
            ["Reason"] = reason,
        };

    private static AuditRecord Audit(string kind, Alert alert, string recipientId, string channel, string what, string? messageId) =>
        new(kind, $"{alert.Id} -> {recipientId}: {what}", SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: messageId,
            Details: new { recipientId, channel, level = Heat.HeatNames.ToWire(alert.Level) });

    [LoggerMessage(EventId = 4001, EventName = "DeliveryChunk", Level = LogLevel.Information, Message = "Alert {AlertId} chunk: {Delivered} delivered, {Failed} failed, {Deferred} deferred, {Transient} to retry")]
    private static partial void LogChunk(ILogger logger, string alertId, int delivered, int failed, int deferred, int transient);

    [LoggerMessage(EventId = 4002, EventName = "SendFailed", Level = LogLevel.Warning, Message = "Sending alert {AlertId} to recipient {RecipientId} by {Channel} failed transiently")]
    private static partial void LogSendFailed(ILogger logger, Exception error, string alertId, string recipientId, string channel);
}

using HeatRelief.Alerts;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Triggers;
using HeatRelief.Notifications;

namespace HeatRelief.Delivery;

/// <summary>
/// Delivery's claim-and-settle step. Each recipient is claimed in the Deliveries table before the send and
/// settled after it, so a redelivered chunk never sends again to a settled recipient; quiet hours defer non-red
/// alerts with a delayed message (or skip them when the window outlasts the alert's heat day).
/// </summary>
public sealed class DeliveryClaims(DeliveryStore deliveries, QueueSender sender, TimeProvider time)
{
    /// <summary>The reason a recipient's delivery is recorded as <see cref="DeliveryStatus.Skipped"/>.</summary>
    public const string HeatDayOverReason = "heat day over during quiet hours";

    private static readonly TimeSpan MaxQueueDelay = TimeSpan.FromDays(6);
    private static readonly IReadOnlyDictionary<string, DeliveryRecord> NoRecords = new Dictionary<string, DeliveryRecord>();

    /// <summary>Plans the chunk, sends any delayed message for deferred recipients, and claims; the plan says which claims were won.</summary>
    public async Task<ChunkPlan> ClaimAsync(DeliveryChunkMessage message, Alert alert, IReadOnlyList<string> ids, IReadOnlyDictionary<string, Recipient> recipients, CancellationToken ct)
    {
        var now = time.GetUtcNow();

        // A chunk's first delivery finds no records, so it skips the read: it inserts every claim in one
        // all-or-nothing batch. Any existing record (a retry, a duplicate chunk) fails the whole batch, and
        // the chunk then reads the records and decides as below. A deferral is never optimistic: its delayed
        // message must go out before its row.
        var plan = Plan(message, alert, ids, recipients, NoRecords, now);
        if (!message.Deferred && plan.Deferred.Count == 0 && await deliveries.TryInsertAllAsync(alert, plan.Claims, now, message.Bucket, ct))
        {
            return plan with { Won = plan.Claims.Select(c => c.RecipientId).ToHashSet(StringComparer.Ordinal) };
        }

        var records = await deliveries.ReadAsync(alert.Id, ids, message.Bucket, ct);
        plan = Plan(message, alert, ids, recipients, records, now);

        await DeferAsync(message, plan, now, ct);
        return plan with { Won = await deliveries.ClaimAsync(alert, plan.Claims, now, message.Bucket, ct) };
    }

    /// <summary>
    /// Sends the delayed messages of a plan's deferred recipients, one per time their quiet hours end. They go out
    /// before the Deferred rows: a crash in between re-defers on retry, never strands a recipient whose row says a
    /// delayed message exists.
    /// </summary>
    public async Task DeferAsync(DeliveryChunkMessage message, ChunkPlan plan, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var group in plan.Deferred.GroupBy(d => d.Until))
        {
            var delay = group.Key - now;
            // The copy keeps the chunk's layout (its Bucket, and its version): its rows are where this chunk claims them.
            await sender.SendAsync(QueueNames.Deliveries,
                message with { RecipientIds = [.. group.Select(d => d.Recipient.Id)], Deferred = true },
                delay > MaxQueueDelay ? MaxQueueDelay : delay, ct);
        }
    }

    /// <summary>Records how each claimed send of the chunk <paramref name="message"/> ended, in the partitions it claimed in.</summary>
    public Task SettleAsync(DeliveryChunkMessage message, IEnumerable<(Recipient Recipient, SendOutcome Outcome)> outcomes, CancellationToken ct) =>
        deliveries.CompleteAsync(message.AlertId, outcomes.Select(o => new DeliveryOutcome(o.Recipient.Id, o.Outcome.Delivered, o.Outcome.Reason, time.GetUtcNow())).ToList(), message.Bucket, ct);

    /// <summary>Whom a chunk sends, defers, skips or fails given the records found (none for a first delivery).</summary>
    internal static ChunkPlan Plan(DeliveryChunkMessage message, Alert alert, IReadOnlyList<string> ids, IReadOnlyDictionary<string, Recipient> recipients, IReadOnlyDictionary<string, DeliveryRecord> records, DateTimeOffset now)
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
                    plan.Claims.Add(new DeliveryClaim(id, string.Empty, DeliveryStatus.Failed, Reason: "recipient no longer exists"));
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
                    plan.Claims.Add(new DeliveryClaim(id, recipient.Channel, DeliveryStatus.Skipped, Reason: HeatDayOverReason));
                    continue;
                }

                plan.Deferred.Add((recipient, until));
                plan.Claims.Add(new DeliveryClaim(id, recipient.Channel, DeliveryStatus.Deferred, DeferredUntil: until));
                continue;
            }

            plan.ToSend.Add(recipient);
            plan.Claims.Add(new DeliveryClaim(id, recipient.Channel, DeliveryStatus.Sending, Existing: record));
        }

        return plan;
    }

    /// <summary>The end of the alert's day (local midnight after it) as an instant.</summary>
    private static DateTimeOffset HeatDayEnds(Alert alert) =>
        new DateTimeOffset(alert.Date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromSeconds(alert.UtcOffsetSeconds)).ToUniversalTime();
}

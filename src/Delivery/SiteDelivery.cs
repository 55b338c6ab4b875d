using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Triggers;
using Microsoft.Extensions.Options;

namespace HeatRelief.Delivery;

/// <summary>
/// Delivery as the fan-out uses it. An ordinary site is told in-line, by the alert's own handler, with the recipients
/// it already read (no read by key): claimed per chunk, sent (each text composed once per language), recorded in the
/// Deliveries table, summed up in one audit row. Recipients in quiet hours are held as on the deliveries queue (a
/// Deferred row and a delayed chunk message that <see cref="DeliveryService"/> sends). A large site's recipients go
/// out as chunk messages on the deliveries queue instead.
/// </summary>
public sealed class SiteDelivery(DeliveryClaims claims, DeliverySender sender, DeliveryReport report, QueueSender queue, AuditLog audit, IOptions<StorageOptions> storage)
{
    /// <summary>
    /// Delivers to <paramref name="recipients"/> (active, one per contact, in id order) and writes the message's one
    /// <see cref="AuditKinds.NotificationSummary"/> row. Transient send failures are counted, not thrown: the caller
    /// throws (<see cref="DeliverySummary.Retrying"/>) after its own steps, so the retry sends only what has no final record.
    /// </summary>
    public async Task<DeliverySummary> DeliverAsync(Alert alert, Site site, IReadOnlyList<Recipient> recipients, string? note, string? messageId, CancellationToken ct)
    {
        var summary = new DeliverySummary();
        var byId = recipients.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var plans = new List<ChunkPlan>();
        foreach (var chunk in recipients.Chunk(storage.Value.DeliveryChunkSize))
        {
            var ids = chunk.Select(r => r.Id).ToList();
            plans.Add(await claims.ClaimAsync(DeliveryChunkMessage.For(alert, site, ids), alert, ids, byId, ct));
        }

        var (outcomes, transient) = await sender.SendAllAsync(alert, site, plans.SelectMany(p => p.ToSend.Where(r => p.Won.Contains(r.Id))), ct);
        await claims.SettleAsync(alert.Id, outcomes, ct);
        foreach (var plan in plans)
        {
            report.Tally(plan, [], 0, summary);
        }

        report.Tally(outcomes, transient.Count, summary);
        await report.WriteAsync(alert, summary, "in-line", note, messageId, ct);
        return summary;
    }

    /// <summary>Puts one chunk of a large site's recipients on the deliveries queue.</summary>
    public Task QueueChunkAsync(Alert alert, Site site, IReadOnlyList<string> recipientIds, CancellationToken ct) =>
        queue.SendAsync(QueueNames.Deliveries, DeliveryChunkMessage.For(alert, site, recipientIds), ct: ct);

    /// <summary>The fan-out's <see cref="AuditKinds.NotificationQueued"/> row for a large site: how many recipients in how many chunk messages.</summary>
    public Task WriteQueuedAsync(Alert alert, int recipients, int chunks, string? note, object details, string? messageId, CancellationToken ct) =>
        audit.WriteAsync(new AuditRecord(AuditKinds.NotificationQueued,
            string.Create(CultureInfo.InvariantCulture, $"Alert {alert.Id}: {recipients} notifications queued in {chunks} delivery messages") + (note is null ? string.Empty : $"; {note}"),
            SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: messageId, Details: details), ct);
}

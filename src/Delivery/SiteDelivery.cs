using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Sites;
using HeatRelief.Storage;
using Microsoft.Extensions.Options;

namespace HeatRelief.Delivery;

/// <summary>
/// Delivery as the fan-out uses it. An ordinary site is told in-line, by the alert's own handler, with the recipients
/// it already read (no read by key): its chunks of recipients are claimed in one batch (DeliveryChunks), sent (each
/// text composed once per language), and each recipient's Deliveries row is written once, after the send, in batches
/// of 100; one audit row sums the message up. Recipients in quiet hours are held as on the deliveries queue (a
/// Deferred row and a delayed chunk message that <see cref="DeliveryService"/> sends). A large site's recipients go
/// out as chunk messages on the deliveries queue instead.
/// </summary>
public sealed class SiteDelivery(ChunkClaimStore chunks, DeliveryStore deliveries, DeliveryClaims claims, DeliverySender sender, DeliveryReport report, IOptions<StorageOptions> storage, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, DeliveryRecord> NoRecords = new Dictionary<string, DeliveryRecord>();

    /// <summary>
    /// Delivers to <paramref name="recipients"/> (active, one per contact, in id order) as the handler of message
    /// <paramref name="owner"/>, and writes the message's one audit row. When another message's handler holds a live
    /// claim on the alert's chunks, does nothing and says until when (<see cref="DeliverySummary.HeldUntil"/>).
    /// Transient send failures are counted, not thrown: the caller throws (<see cref="DeliverySummary.Retrying"/>)
    /// after its own steps, so the retry sends only what has no final record. Given <paramref name="auditRows"/>, the
    /// audit row is added to it instead (a work message's handler writes its alerts' rows in one call). Once
    /// <paramref name="deadline"/> has passed, no further chunk is started: the claims are released and the summary
    /// says how many chunks go on in another message (<see cref="DeliverySummary.ContinuedChunks"/>), so a slow channel
    /// never keeps a handler past its function timeout or its claims past their lease.
    /// </summary>
    public async Task<DeliverySummary> DeliverAsync(Alert alert, Site site, IReadOnlyList<Recipient> recipients, string? note, string owner, DateTimeOffset deadline,
        CancellationToken ct, ICollection<AuditRecord>? auditRows = null)
    {
        var summary = new DeliverySummary();
        var now = time.GetUtcNow();
        var slices = recipients.Chunk(storage.Value.DeliveryChunkSize).Select(c => c.Select(r => r.Id).ToList()).ToList();
        var (claimed, records, heldUntil) = await ClaimAsync(alert, slices, owner, now, ct);
        if (heldUntil is { } until)
        {
            summary.Held(until, now);
            return summary;
        }

        // Chunk by chunk, so a kill leaves at most the chunks in flight sent but unrecorded. Each is planned as on the
        // deliveries queue: a recipient with a final row (or a Deferred one, whose delayed message sends it) is left
        // alone; the rest are sent, held for quiet hours or skipped.
        var byId = recipients.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var texts = new Dictionary<string, (string Title, string Body)>(StringComparer.Ordinal);
        for (var i = 0; i < slices.Count; i++)
        {
            // At least one chunk a message, so every message moves the alert on.
            if (i > 0 && time.GetUtcNow() >= deadline)
            {
                await chunks.ReleaseAsync(claimed, i, time.GetUtcNow(), ct);
                summary.Continue(slices.Count - i);
                break;
            }

            var message = new DeliveryChunkMessage(DeliveryChunkMessage.CurrentVersion, alert.Id, alert.DateKey, site.Id, slices[i]);
            var plan = DeliveryClaims.Plan(message, alert, slices[i], byId, records, now);
            plan = plan with { Won = plan.Claims.Select(c => c.RecipientId).ToHashSet(StringComparer.Ordinal) };
            if (plan.Deferred.Count > 0)
            {
                await claims.DeferAsync(DeliveryChunkMessage.For(alert, site, slices[i]), plan, now, ct);
            }

            var (outcomes, transient) = await sender.SendAllAsync(alert, site, plan.ToSend, ct, texts);

            // Written once, after the send. A send that failed transiently is written as Sending, for admins to see and
            // for the retry to send again; a kill before this write leaves no row, and the taker sends again.
            var attempts = claimed[i].Attempts;
            var settled = time.GetUtcNow();
            var ended = outcomes.ToDictionary(o => o.Recipient.Id, o => o.Outcome, StringComparer.Ordinal);
            var facts = plan.Skipped.Select(r => new DeliveryFact(r.Id, r.Channel, DeliveryStatus.Skipped, 0, now, Reason: DeliveryClaims.HeatDayOverReason))
                .Concat(plan.Deferred.Select(d => new DeliveryFact(d.Recipient.Id, d.Recipient.Channel, DeliveryStatus.Deferred, 0, now, DeferredUntil: d.Until)))
                .Concat(plan.ToSend.Select(r => ended.TryGetValue(r.Id, out var outcome)
                    ? new DeliveryFact(r.Id, r.Channel, outcome.Delivered ? DeliveryStatus.Delivered : DeliveryStatus.Failed, attempts, now, settled, Reason: outcome.Reason)
                    : new DeliveryFact(r.Id, r.Channel, DeliveryStatus.Sending, attempts, now, Reason: RetryReason)))
                .ToList();
            await deliveries.WriteAsync(alert, facts, ct);
            report.Tally(plan, outcomes, transient.Count, summary);
        }

        var row = report.Record(alert, summary, "in-line", note, owner);
        if (auditRows is null)
        {
            await report.WriteManyAsync([row], ct);
        }
        else
        {
            auditRows.Add(row);
        }

        return summary;
    }

    /// <summary>Writes the audit rows that <see cref="DeliverAsync"/> calls handed back, in one call (one batch per audit partition).</summary>
    public Task WriteAuditRowsAsync(IReadOnlyCollection<AuditRecord> rows, CancellationToken ct) => report.WriteManyAsync(rows, ct);

    /// <summary>The fan-out's <see cref="AuditKinds.NotificationQueued"/> row for a large site: how many recipients in how many chunk messages.</summary>
    public Task WriteQueuedAsync(Alert alert, int recipients, int chunkCount, string? note, object details, string? messageId, CancellationToken ct) =>
        report.WriteQueuedAsync(alert, recipients, chunkCount, note, details, messageId, ct);

    /// <summary>
    /// Splits a very large site's alert: its Deliveries rows go over the alert's buckets, a range of recipients to each
    /// (<see cref="DeliveryChunkMessage.Bucket"/>): not when some are already in its own partition (an earlier attempt
    /// told it in-line before an import made it large, or a host before the split queued its chunks), since a bucketed
    /// chunk would not find those records and would tell their recipients again. One query.
    /// </summary>
    /// <returns>The chunker of the split alert (its stored ranges read, one query), or null when it may not split.</returns>
    public async Task<RangeChunker?> SplitAsync(Alert alert, Func<IReadOnlyList<string>, int, Task> send, CancellationToken ct) =>
        await deliveries.HasUnbucketedRowsAsync(alert.Id, ct)
            ? null
            : new RangeChunker(chunks, alert, await chunks.ReadRangesAsync(alert.Id, ct), storage.Value.DeliveryChunkSize, send);

    /// <summary>
    /// The chunker of an alert an earlier attempt split (its ranges stored), to go on with it split; null when it was
    /// not split (no range stored). One query.
    /// </summary>
    public async Task<RangeChunker?> ResumeSplitAsync(Alert alert, Func<IReadOnlyList<string>, int, Task> send, CancellationToken ct) =>
        await chunks.ReadRangesAsync(alert.Id, ct) is { Count: > 0 } ranges
            ? new RangeChunker(chunks, alert, ranges, storage.Value.DeliveryChunkSize, send)
            : null;

    /// <summary>
    /// Claims every chunk for <paramref name="owner"/>. A first delivery inserts all claims in one batch and reads
    /// nothing. Otherwise it reads the alert's claims: one held by another message's live lease sends this message
    /// back (the held-until time); the rest, its own from an earlier attempt or expired, are taken over by ETag in one
    /// batch (a lost race is held too), and the message's Deliveries rows are read, so only recipients without a final
    /// row are sent.
    /// </summary>
    private async Task<(IReadOnlyList<ChunkClaim> Claimed, IReadOnlyDictionary<string, DeliveryRecord> Records, DateTimeOffset? HeldUntil)> ClaimAsync(
        Alert alert, IReadOnlyList<List<string>> slices, string owner, DateTimeOffset now, CancellationToken ct)
    {
        var lease = now.AddSeconds(storage.Value.ChunkClaimLeaseSeconds);
        var fresh = slices.Select((ids, i) => ChunkClaim.New(alert.Id, alert.SiteId, i, owner, lease, ids)).ToList();
        if (fresh.Count == 0 || await chunks.TryInsertAllAsync(fresh, ct))
        {
            return (fresh, NoRecords, null);
        }

        var existing = await chunks.ReadAsync(alert.Id, ct);
        var held = existing.Values.Where(c => c.IsHeldByAnother(owner, now)).ToList();
        if (held.Count > 0)
        {
            return ([], NoRecords, held.Max(c => c.LeaseUntil));
        }

        var claimed = fresh.Select(c => existing.TryGetValue(c.Index, out var old) ? old.TakeOver(c) : c).ToList();
        if (!await chunks.ClaimAsync(claimed, ct))
        {
            // Another handler claimed or took over first between the read and this batch: it sends; come back after its lease.
            return ([], NoRecords, lease);
        }

        // Every recipient's row is read, not only the taken-over chunks': an import between the attempts can move a
        // recipient already told (with its row) into a chunk that is new this time. One range query over the ids.
        return (claimed, await deliveries.ReadAsync(alert.Id, [.. slices.SelectMany(ids => ids)], bucket: null, ct), null);
    }

    /// <summary>The reason on the row of a send that failed transiently (the message is retried for it).</summary>
    public const string RetryReason = "failed transiently; the message is retried";
}

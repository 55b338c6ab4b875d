using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using HeatRelief.Audit;
using HeatRelief.Storage;
using Microsoft.Extensions.Logging;
using HeatRelief.Triggers;
using HeatRelief.Messaging;

namespace HeatRelief.Review;

/// <summary>
/// Lists the messages on every <c>&lt;queue&gt;-poison</c> queue, moves one back to its source queue, or discards
/// one. Poison queues are read with a client that does not decode bodies, so one body that is not Base64 (which
/// the listener moves there itself, without any handler seeing it) cannot fail the list or a search; such a body
/// is re-encoded on the poison queue the first time a list finds it, and audited then.
/// </summary>
public sealed partial class PoisonQueueService(StorageClients clients, QueueSender sender, AuditLog audit, AuditQuery auditQuery, TimeProvider time, ILogger<PoisonQueueService> logger)
{
    /// <summary>The most a queue lets anyone look at, or receive, in one call.</summary>
    public const int MaxPerQueue = 32;

    /// <summary>
    /// How long a replay search hides the other poison messages it receives. Nothing consumes poison queues,
    /// so the only reader it hides them from is a concurrent list or replay; they are made visible again as
    /// soon as the search ends, and this short timeout brings them back by itself if the process dies first.
    /// </summary>
    public static readonly TimeSpan SearchVisibility = TimeSpan.FromSeconds(15);

    /// <summary>Messages searched for one replay: poison queues stay small, and a request must end.</summary>
    public const int MaxSearched = 20 * MaxPerQueue;

    /// <summary>The first <paramref name="maxPerQueue"/> (1 to 32) messages of each poison queue, peeked: nothing is hidden or changed.</summary>
    public async Task<IReadOnlyList<PoisonedMessage>> ListAsync(int maxPerQueue = MaxPerQueue, CancellationToken ct = default)
    {
        if (maxPerQueue is < 1 or > MaxPerQueue)
        {
            throw new ReviewValidationException(nameof(maxPerQueue), $"at most {MaxPerQueue} messages per queue can be listed (1 to {MaxPerQueue}).");
        }

        var result = new List<PoisonedMessage>();
        foreach (var queue in QueueNames.All)
        {
            var poison = await clients.RawQueueAsync(QueueNames.Poison(queue), ct);
            PeekedMessage[] peeked = await poison.PeekMessagesAsync(maxPerQueue, ct);
            if (peeked.Any(m => !TryDecode(m.Body, out _)))
            {
                await ReencodeAsync(queue, poison, ct);
                peeked = await poison.PeekMessagesAsync(maxPerQueue, ct);
            }

            result.AddRange(peeked.Select(m => Describe(queue, m.MessageId, m.InsertedOn, m.DequeueCount, m.Body)));
        }

        return await WithReasonsAsync(result, ct);
    }

    /// <summary>
    /// Each message with the audit record that says why it is on its poison queue: the <c>message.rejected</c> or
    /// <c>message.poisoned</c> record of its queue whose body is the message's (as the record keeps it: clipped, contact
    /// details masked) nearest in time to its arrival there. A poison message is a new message with an id of its
    /// own, so the body is what ties the two. Records are looked for on the days the messages arrived and the days
    /// before (at most <see cref="AuditQuery.MaxDays"/> days, the newest).
    /// </summary>
    private async Task<IReadOnlyList<PoisonedMessage>> WithReasonsAsync(List<PoisonedMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return messages;
        }

        // The day each message arrived and the day before (a last attempt is audited just before the host moves it),
        // and today and yesterday by the service's clock, which a test's clock can set apart from the queue's.
        var days = messages.Select(m => m.InsertedOn).Append(time.GetUtcNow()).OfType<DateTimeOffset>()
            .Select(at => DateOnly.ParseExact(audit.DayOf(at), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .SelectMany(day => new[] { day, day.AddDays(-1) })
            .Distinct().OrderDescending().Take(AuditQuery.MaxDays).ToList();
        var wanted = messages.Select(m => (m.Queue, AuditedBody(m.Body))).ToHashSet();
        var found = new Dictionary<(string Queue, string Body), List<AuditEntry>>();
        foreach (var kind in new[] { AuditKinds.MessageRejected, AuditKinds.MessagePoisoned })
        {
            foreach (var day in days)
            {
                await foreach (var page in auditQuery.PagesAsync(new AuditFilter(day, day, Kind: kind, PageSize: AuditQuery.MaxPageSize), ct))
                {
                    foreach (var entry in page.Records)
                    {
                        if (QueueAndBody(entry) is { } key && wanted.Contains(key))
                        {
                            (found.TryGetValue(key, out var list) ? list : found[key] = []).Add(entry);
                        }
                    }
                }
            }
        }

        return [.. messages.Select(m =>
        {
            if (!found.TryGetValue((m.Queue, AuditedBody(m.Body)), out var entries))
            {
                return m;
            }

            var arrived = m.InsertedOn ?? time.GetUtcNow();
            var nearest = entries.MinBy(e => (e.Time - arrived).Duration())!;
            return m with { Reason = nearest.Message, ReasonKind = nearest.Kind, ReasonTime = nearest.Time };
        })];
    }

    /// <summary>The queue an audit record of a rejected or poisoned message names, and its body as JSON text, from its details.</summary>
    private static (string Queue, string Body)? QueueAndBody(AuditEntry entry)
    {
        if (entry.Details is null)
        {
            return null;
        }

        try
        {
            using var details = System.Text.Json.JsonDocument.Parse(entry.Details);
            var root = details.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Object
                && root.TryGetProperty("queue", out var queue) && queue.ValueKind == System.Text.Json.JsonValueKind.String
                && root.TryGetProperty("body", out var body) && body.ValueKind == System.Text.Json.JsonValueKind.String
                ? (queue.GetString()!, body.GetRawText())
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A body as an audit record's details keep it: clipped as <see cref="PoisonMessages"/> clips it, written as a JSON
    /// string as the audit log writes details, and masked as that text is masked (so as the JSON escapes it).
    /// </summary>
    private static string AuditedBody(string body) => Masking.MaskText(System.Text.Json.JsonSerializer.Serialize(Clip(body), MessageJson.Readable));

    /// <summary>
    /// Moves message <paramref name="messageId"/> from <c>&lt;queue&gt;-poison</c> back to <paramref name="queue"/>
    /// and records who did it. It is sent (Base64-encoded, as the trigger expects, whatever its encoding on the
    /// poison queue) before it is deleted: a failure in between leaves a copy on the poison queue (the handlers
    /// are idempotent), never no copy at all.
    /// </summary>
    /// <exception cref="ReviewValidationException">An unknown queue, or no actor.</exception>
    public async Task<ReplayResult> ReplayAsync(string queue, string messageId, string actor, CancellationToken ct)
    {
        var found = await TakeAsync(queue, messageId, actor, "replay", async (poisonQueue, target, body) =>
        {
            await sender.SendRawAsync(queue, body.Text, ct);
            await DeleteAsync(target);

            // The actor may be an e-mail address: it goes to the audit trail, not the log.
            LogReplayed(logger, messageId, poisonQueue, queue);
            await audit.WriteAsync(new AuditRecord(AuditKinds.MessageReplayed, $"Message {messageId} moved from '{poisonQueue}' back to '{queue}'",
                Actor: actor, CorrelationId: messageId, Details: new { queue, poisonQueue, messageId, insertedOn = target.Message.InsertedOn, encoded = body.Encoded }), ct);
        }, ct);
        return found ? ReplayResult.Replayed : ReplayResult.NotFound;
    }

    /// <summary>
    /// Deletes message <paramref name="messageId"/> from <c>&lt;queue&gt;-poison</c> for good, for what no replay
    /// can ever process; its body is kept in the audit record, with who discarded it. False when it is not there.
    /// </summary>
    /// <exception cref="ReviewValidationException">An unknown queue, or no actor.</exception>
    public async Task<bool> DiscardAsync(string queue, string messageId, string actor, CancellationToken ct) =>
        await TakeAsync(queue, messageId, actor, "discard", async (poisonQueue, target, body) =>
        {
            await DeleteAsync(target);
            LogDiscarded(logger, messageId, poisonQueue);
            await audit.WriteAsync(new AuditRecord(AuditKinds.MessageDiscarded, $"Message {messageId} discarded from '{poisonQueue}'",
                Actor: actor, CorrelationId: messageId,
                Details: new { queue, poisonQueue, messageId, insertedOn = target.Message.InsertedOn, encoded = body.Encoded, body = Clip(body.Text) }), ct);
        }, ct);

    /// <summary>Finds a poison message and hands it to <paramref name="act"/>; the others the search hid are made visible again, whatever happens.</summary>
    private async Task<bool> TakeAsync(string queue, string messageId, string actor, string what, Func<string, (QueueClient Queue, QueueMessage Message), (string Text, bool Encoded), Task> act, CancellationToken ct)
    {
        if (!QueueNames.All.Contains(queue, StringComparer.Ordinal))
        {
            throw new ReviewValidationException(nameof(queue), $"unknown queue '{queue}'; one of: {string.Join(", ", QueueNames.All)}.");
        }

        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ReviewValidationException(nameof(actor), $"a {what} needs the name of who asked for it.");
        }

        var poisonQueue = QueueNames.Poison(queue);
        var poison = await clients.RawQueueAsync(poisonQueue, ct);
        var hidden = new List<QueueMessage>();
        try
        {
            var target = await FindAsync(poison, m => m.MessageId == messageId, hidden, ct);
            if (target is null)
            {
                return false;
            }

            await act(poisonQueue, (poison, target), Read(target.Body));
            return true;
        }
        finally
        {
            await ReleaseAsync(poison, hidden);
        }
    }

    /// <summary>
    /// Puts every body on the poison queue that is not Base64 back on it encoded, and audits each once as
    /// rejected: the listener moved it there itself when no handler could read it, so nothing recorded it yet.
    /// </summary>
    private async Task ReencodeAsync(string queue, QueueClient poison, CancellationToken ct)
    {
        var poisonQueue = QueueNames.Poison(queue);
        var hidden = new List<QueueMessage>();
        try
        {
            var undecodable = new List<QueueMessage>();
            await FindAsync(poison, m =>
            {
                if (!TryDecode(m.Body, out _))
                {
                    undecodable.Add(m);
                    return true;
                }

                return false;
            }, hidden, ct, searchAll: true);
            foreach (var m in undecodable)
            {
                var text = m.Body.ToString();
                var bytes = Encoding.UTF8.GetByteCount(text);
                var kept = bytes <= MaxReencodedBytes ? text : text[..(MaxReencodedBytes / 3)];
                await sender.SendRawAsync(poisonQueue, kept, ct);
                await DeleteAsync((poison, m));
                LogReencoded(logger, m.MessageId, poisonQueue);
                await audit.WriteAsync(new AuditRecord(AuditKinds.MessageRejected,
                    $"Message on '{queue}' rejected: its body is not Base64 (put on the queue without the encoding the trigger expects); kept on '{poisonQueue}' as text",
                    CorrelationId: m.MessageId,
                    Details: new { queue, poisonQueue, reason = "body is not Base64", messageId = m.MessageId, insertedOn = m.InsertedOn, bytes, clipped = kept.Length < text.Length, body = Clip(text) }), ct);
            }
        }
        finally
        {
            await ReleaseAsync(poison, hidden);
        }
    }

    /// <summary>
    /// Receives batches until the message turns up. Queues have no get-by-id, and the others stay hidden
    /// while searching, or the next receive would return the same first batch again.
    /// </summary>
    /// <remarks>
    /// Every message received is either returned, or matched (then the caller owns it), or added to
    /// <paramref name="hidden"/> at once, so the caller's release covers a search that fails half-way.
    /// With <paramref name="searchAll"/> it goes on past the first match, collecting nothing itself.
    /// </remarks>
    private static async Task<QueueMessage?> FindAsync(QueueClient poison, Func<QueueMessage, bool> match, List<QueueMessage> hidden, CancellationToken ct, bool searchAll = false)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Count < MaxSearched)
        {
            QueueMessage[] batch = await poison.ReceiveMessagesAsync(MaxPerQueue, SearchVisibility, ct);
            if (batch.Length == 0)
            {
                return null;
            }

            QueueMessage? target = null;
            foreach (var m in batch)
            {
                if ((target is null || searchAll) && match(m))
                {
                    target = m;
                }
                else
                {
                    hidden.Add(m);
                }
            }

            if (target is not null && !searchAll)
            {
                return target;
            }

            // A message seen twice came back after its timeout: the whole queue has been searched.
            if (!batch.All(m => seen.Add(m.MessageId)))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Deletes a received poison message; gone already is fine (its timeout lapsed and someone else moved it).</summary>
    private static async Task DeleteAsync((QueueClient Queue, QueueMessage Message) target)
    {
        try
        {
            await target.Queue.DeleteMessageAsync(target.Message.MessageId, target.Message.PopReceipt, CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.IsNotFound())
        {
            // The search took longer than its visibility timeout and someone else moved it meanwhile.
        }
    }

    /// <summary>The most of an unencoded body kept when it is re-encoded (Base64 grows it by a third; a message holds 64 KiB).</summary>
    private const int MaxReencodedBytes = 32 * 1024;

    /// <summary>A stored body as the triggers would read it: decoded from Base64 when it is, else the text as stored.</summary>
    private static (string Text, bool Encoded) Read(BinaryData stored) =>
        TryDecode(stored, out var text) ? (text, true) : (stored.ToString(), false);

    private static PoisonedMessage Describe(string queue, string messageId, DateTimeOffset? insertedOn, long dequeueCount, BinaryData stored)
    {
        var (text, encoded) = Read(stored);
        return new PoisonedMessage(queue, QueueNames.Poison(queue), messageId, insertedOn, dequeueCount, text, encoded);
    }

    /// <summary>Strict: valid Base64 of valid UTF-8, as HeatRelief's senders write; anything else is shown as stored.</summary>
    private static bool TryDecode(BinaryData stored, out string text)
    {
        text = string.Empty;
        var raw = stored.ToString();
        var buffer = new byte[raw.Length];
        if (raw.Length == 0 || !Convert.TryFromBase64String(raw, buffer, out var written))
        {
            return raw.Length == 0;
        }

        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string Clip(string body) => body.Length > 4000 ? body[..4000] + "..." : body;

    /// <summary>Makes the messages a search hid visible again at once (only their visibility changes, not their body).</summary>
    private async Task ReleaseAsync(QueueClient poison, List<QueueMessage> hidden)
    {
        foreach (var m in hidden)
        {
            try
            {
                await poison.UpdateMessageAsync(m.MessageId, m.PopReceipt, (BinaryData?)null, TimeSpan.Zero, CancellationToken.None);
            }
            catch (RequestFailedException ex)
            {
                // Its timeout lapsed and it was received again: it is visible, or someone else holds it.
                LogReleaseFailed(logger, ex, m.MessageId, poison.Name);
            }
        }
    }

    [LoggerMessage(EventId = 9003, EventName = "MessageReplayed", Level = LogLevel.Information, Message = "Message {MessageId} moved from {PoisonQueue} back to {Queue}")]
    private static partial void LogReplayed(ILogger logger, string messageId, string poisonQueue, string queue);

    [LoggerMessage(EventId = 9005, EventName = "MessageDiscarded", Level = LogLevel.Information, Message = "Message {MessageId} discarded from {PoisonQueue}")]
    private static partial void LogDiscarded(ILogger logger, string messageId, string poisonQueue);

    [LoggerMessage(EventId = 9006, EventName = "PoisonMessageReencoded", Level = LogLevel.Warning, Message = "Message {MessageId} on {PoisonQueue} had a body that is not Base64; it is kept re-encoded as a new message")]
    private static partial void LogReencoded(ILogger logger, string messageId, string poisonQueue);

    [LoggerMessage(EventId = 9004, EventName = "PoisonReleaseFailed", Level = LogLevel.Debug, Message = "Message {MessageId} on {PoisonQueue} could not be made visible again; its visibility timeout will")]
    private static partial void LogReleaseFailed(ILogger logger, Exception error, string messageId, string poisonQueue);
}

using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using HeatRelief.Audit;
using HeatRelief.Storage;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Review;

/// <summary>
/// A message waiting on a poison queue. <see cref="DequeueCount"/> counts receives on the poison queue
/// itself (replay searches), not the failed attempts on <see cref="Queue"/>: those are in the audit log.
/// </summary>
public sealed record PoisonedMessage(string Queue, string PoisonQueue, string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Body);

/// <summary>What became of a replay request.</summary>
public enum ReplayResult
{
    /// <summary>Sent back to its source queue and removed from the poison queue.</summary>
    Replayed,

    /// <summary>No message with that id on the poison queue (never there, already replayed, or expired).</summary>
    NotFound,
}

/// <summary>Lists the messages on every <c>&lt;queue&gt;-poison</c> queue and moves one back to its source queue.</summary>
public sealed partial class PoisonQueueService(StorageClients clients, QueueSender sender, AuditLog audit, ILogger<PoisonQueueService> logger)
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
            var poison = await clients.QueueAsync(QueueNames.Poison(queue), ct).ConfigureAwait(false);
            PeekedMessage[] peeked = await poison.PeekMessagesAsync(maxPerQueue, ct).ConfigureAwait(false);
            result.AddRange(peeked.Select(m => new PoisonedMessage(queue, QueueNames.Poison(queue), m.MessageId, m.InsertedOn, m.DequeueCount, m.Body.ToString())));
        }

        return result;
    }

    /// <summary>
    /// Moves message <paramref name="messageId"/> from <c>&lt;queue&gt;-poison</c> back to <paramref name="queue"/>
    /// and records who did it. It is sent before it is deleted: a failure in between leaves a copy on the
    /// poison queue (the handlers are idempotent), never no copy at all.
    /// </summary>
    /// <exception cref="ReviewValidationException">An unknown queue, or no actor.</exception>
    public async Task<ReplayResult> ReplayAsync(string queue, string messageId, string actor, CancellationToken ct)
    {
        if (!QueueNames.All.Contains(queue, StringComparer.Ordinal))
        {
            throw new ReviewValidationException(nameof(queue), $"unknown queue '{queue}'; one of: {string.Join(", ", QueueNames.All)}.");
        }

        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ReviewValidationException(nameof(actor), "a replay needs the name of who asked for it.");
        }

        var poisonQueue = QueueNames.Poison(queue);
        var poison = await clients.QueueAsync(poisonQueue, ct).ConfigureAwait(false);
        var hidden = new List<QueueMessage>();
        try
        {
            var target = await FindAsync(poison, messageId, hidden, ct).ConfigureAwait(false);
            if (target is null)
            {
                return ReplayResult.NotFound;
            }

            await sender.SendRawAsync(queue, target.Body.ToString(), ct).ConfigureAwait(false);
            try
            {
                await poison.DeleteMessageAsync(target.MessageId, target.PopReceipt, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                // The search took longer than its visibility timeout and someone else moved it meanwhile.
            }

            // The actor may be an e-mail address: it goes to the audit trail, not the log.
            LogReplayed(logger, messageId, poisonQueue, queue);
            await audit.WriteAsync(new AuditRecord(AuditKinds.MessageReplayed, $"Message {messageId} moved from '{poisonQueue}' back to '{queue}'",
                Actor: actor, CorrelationId: messageId, Details: new { queue, poisonQueue, messageId, insertedOn = target.InsertedOn }), ct).ConfigureAwait(false);
            return ReplayResult.Replayed;
        }
        finally
        {
            await ReleaseAsync(poison, hidden).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Receives batches until the message turns up. Queues have no get-by-id, and the others stay hidden
    /// while searching, or the next receive would return the same first batch again.
    /// </summary>
    private static async Task<QueueMessage?> FindAsync(QueueClient poison, string messageId, List<QueueMessage> hidden, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Count < MaxSearched)
        {
            QueueMessage[] batch = await poison.ReceiveMessagesAsync(MaxPerQueue, SearchVisibility, ct).ConfigureAwait(false);
            if (batch.Length == 0)
            {
                return null;
            }

            QueueMessage? target = null;
            foreach (var m in batch)
            {
                if (m.MessageId == messageId)
                {
                    target = m;
                }
                else
                {
                    hidden.Add(m);
                }
            }

            if (target is not null)
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

    /// <summary>Makes the messages a search hid visible again at once (only their visibility changes, not their body).</summary>
    private async Task ReleaseAsync(QueueClient poison, List<QueueMessage> hidden)
    {
        foreach (var m in hidden)
        {
            try
            {
                await poison.UpdateMessageAsync(m.MessageId, m.PopReceipt, (BinaryData?)null, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 9004, EventName = "PoisonReleaseFailed", Level = LogLevel.Debug, Message = "Message {MessageId} on {PoisonQueue} could not be made visible again; its visibility timeout will")]
    private static partial void LogReleaseFailed(ILogger logger, Exception error, string messageId, string poisonQueue);
}

using System.Text;
using HeatRelief.Audit;
using Microsoft.Extensions.Logging;
using HeatRelief.Triggers;

namespace HeatRelief.Messaging;

/// <summary>
/// Where failing messages end: a malformed or permanently unusable message is moved to its poison queue at
/// once; a message that keeps failing is left to the host to move there after its last attempt. Both are
/// written to the audit log, so nothing disappears silently.
/// </summary>
public sealed partial class PoisonMessages(QueueSender sender, AuditLog audit, MessagingMetrics metrics, ILogger<PoisonMessages> logger)
{
    /// <summary>
    /// The most of a rejected body kept on the poison queue, in UTF-8 bytes: a queue message holds 64 KiB of
    /// Base64, and HeatRelief's own messages are far smaller (a full delivery chunk is under 8 KB).
    /// </summary>
    public const int MaxPoisonBodyBytes = 32 * 1024;

    /// <summary>Moves a message that can never succeed to <c>&lt;queue&gt;-poison</c> and records why.</summary>
    public async Task RejectAsync(string queue, string body, string? messageId, string reason, CancellationToken ct)
    {
        // A body too big for a queue message (only a direct call can pass one) is kept clipped, not lost in a send that always fails.
        var bytes = Encoding.UTF8.GetByteCount(body);
        var kept = bytes <= MaxPoisonBodyBytes ? body : body[..(MaxPoisonBodyBytes / 3)];
        await sender.SendRawAsync(QueueNames.Poison(queue), kept, ct);
        metrics.MessagesPoisoned.Add(1);
        LogRejected(logger, queue, messageId, reason);
        await audit.WriteAsync(new AuditRecord(AuditKinds.MessageRejected, $"Message on '{queue}' rejected: {reason}",
            CorrelationId: messageId, Details: new { queue, poisonQueue = QueueNames.Poison(queue), reason, bytes, clipped = kept.Length < body.Length, body = Clip(body) }), ct);
    }

    /// <summary>Records that a message failed its last attempt; the host then moves it to the poison queue.</summary>
    public async Task RecordPoisonedAsync(string queue, string body, string? messageId, long dequeueCount, Exception error, CancellationToken ct)
    {
        metrics.MessagesPoisoned.Add(1);
        LogPoisoned(logger, error, queue, messageId, dequeueCount);
        await audit.WriteAsync(new AuditRecord(AuditKinds.MessagePoisoned,
            $"Message on '{queue}' failed {dequeueCount} times and goes to '{QueueNames.Poison(queue)}': {error.GetType().Name}: {error.Message}",
            CorrelationId: messageId,
            Details: new { queue, poisonQueue = QueueNames.Poison(queue), dequeueCount, error = error.ToString(), body = Clip(body) }), CancellationToken.None);
    }

    private static string Clip(string body) => body.Length > 4000 ? body[..4000] + "..." : body;

    [LoggerMessage(EventId = 9001, EventName = "MessageRejected", Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} rejected to its poison queue: {Reason}")]
    private static partial void LogRejected(ILogger logger, string queue, string? messageId, string reason);

    [LoggerMessage(EventId = 9002, EventName = "MessagePoisoned", Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} failed attempt {DequeueCount}, its last; the host moves it to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, Exception error, string queue, string? messageId, long dequeueCount);
}

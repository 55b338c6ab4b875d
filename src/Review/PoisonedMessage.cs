namespace HeatRelief.Review;

/// <summary>
/// A message waiting on a poison queue. <see cref="DequeueCount"/> counts receives on the poison queue
/// itself (replay searches), not the failed attempts on <see cref="Queue"/>: those are in the audit log.
/// <see cref="Encoded"/> is false for a body stored without the Base64 encoding the triggers expect (put on a
/// queue by a tool or the REST API with encoding off): <see cref="Body"/> is then the text as stored.
/// <see cref="Reason"/> is why it is there, from the audit record written when it was rejected or failed its last
/// attempt (<see cref="ReasonKind"/>, <see cref="ReasonTime"/>); null when no such record is found.
/// </summary>
public sealed record PoisonedMessage(string Queue, string PoisonQueue, string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Body, bool Encoded = true)
{
    public string? Reason { get; init; }

    public string? ReasonKind { get; init; }

    public DateTimeOffset? ReasonTime { get; init; }
}

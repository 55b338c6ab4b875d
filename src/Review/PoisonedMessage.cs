namespace HeatRelief.Review;

/// <summary>
/// A message waiting on a poison queue. <see cref="DequeueCount"/> counts receives on the poison queue
/// itself (replay searches), not the failed attempts on <see cref="Queue"/>: those are in the audit log.
/// <see cref="Encoded"/> is false for a body stored without the Base64 encoding the triggers expect (put on a
/// queue by a tool or the REST API with encoding off): <see cref="Body"/> is then the text as stored.
/// </summary>
public sealed record PoisonedMessage(string Queue, string PoisonQueue, string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Body, bool Encoded = true);

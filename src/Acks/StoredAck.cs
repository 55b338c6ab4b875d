using Azure;

namespace HeatRelief.Acks;

/// <summary>An acknowledgement case as read, with the ETag that guards its next change.</summary>
public sealed record StoredAck(AckCase Value, ETag ETag);

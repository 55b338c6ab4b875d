namespace HeatRelief.Messaging;

/// <summary>A message that can never be processed (unknown alert, missing site): rejected, not retried.</summary>
public sealed class PermanentMessageException(string message) : Exception(message);

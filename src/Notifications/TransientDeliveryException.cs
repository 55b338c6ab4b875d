namespace HeatRelief.Notifications;

/// <summary>A failure worth retrying (network, 5xx, 429, SMTP 4xx): the message is retried by the host.</summary>
public sealed class TransientDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

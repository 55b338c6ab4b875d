namespace HeatRelief.Notifications;

/// <summary>A webhook target that must not be reached (private, loopback, metadata, own storage): a permanent failure.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

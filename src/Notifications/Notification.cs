namespace HeatRelief.Notifications;

/// <summary>One message to one person on one channel. The idempotency key lets receivers drop a duplicate.</summary>
public sealed record Notification(
    string IdempotencyKey,
    string Channel,
    string Address,
    string Language,
    string Title,
    string Body,
    IReadOnlyDictionary<string, object?> Data);

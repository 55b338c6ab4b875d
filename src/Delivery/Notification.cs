namespace HeatRelief.Delivery;

/// <summary>One message to one person on one channel. The idempotency key lets receivers drop a duplicate.</summary>
public sealed record Notification(
    string IdempotencyKey,
    string Channel,
    string Address,
    string Language,
    string Title,
    string Body,
    IReadOnlyDictionary<string, object?> Data);

/// <summary>The end of one send: delivered, or failed for good with a reason.</summary>
public sealed record SendOutcome(bool Delivered, string? Reason)
{
    public static readonly SendOutcome Sent = new(true, null);

    public static SendOutcome Permanent(string reason) => new(false, reason);
}

/// <summary>A channel that sends notifications. Transient failures throw; permanent ones return a reason.</summary>
public interface INotificationChannel
{
    /// <summary>The channel name recipients choose in their <c>channel</c> column.</summary>
    string Name { get; }

    Task<SendOutcome> SendAsync(Notification notification, CancellationToken ct);
}

/// <summary>A failure worth retrying (network, 5xx, 429, SMTP 4xx): the message is retried by the host.</summary>
public sealed class TransientDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Finds the channel for a name.</summary>
public sealed class NotificationChannels(IEnumerable<INotificationChannel> channels)
{
    private readonly Dictionary<string, INotificationChannel> _byName = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public INotificationChannel? Find(string name) => _byName.GetValueOrDefault(name);
}

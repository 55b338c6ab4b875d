namespace HeatRelief.Notifications;

/// <summary>A channel that sends notifications. Transient failures throw; permanent ones return a reason.</summary>
public interface INotificationChannel
{
    /// <summary>The channel name recipients choose in their <c>channel</c> column.</summary>
    string Name { get; }

    Task<SendOutcome> SendAsync(Notification notification, CancellationToken ct);
}

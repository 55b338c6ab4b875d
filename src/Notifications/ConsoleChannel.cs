using Microsoft.Extensions.Logging;

namespace HeatRelief.Notifications;

/// <summary>The local default channel: the notification is logged (without contact details) and recorded.</summary>
public sealed partial class ConsoleChannel(ILogger<ConsoleChannel> logger) : INotificationChannel
{
    public string Name => Channels.Console;

    public Task<SendOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        LogNotification(logger, notification.IdempotencyKey, notification.Language, notification.Title);
        return Task.FromResult(SendOutcome.Sent);
    }

    [LoggerMessage(EventId = 4101, EventName = "ConsoleNotification", Level = LogLevel.Information, Message = "Notification {IdempotencyKey} [{Language}]: {Title}")]
    private static partial void LogNotification(ILogger logger, string idempotencyKey, string language, string title);
}

using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using HeatRelief.Messaging;
using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeatRelief.Notifications;

/// <summary>Registers the notifications slice: channel options, the webhook client and its allowed targets, the channels and the admin notices.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<EmailOptions>(EmailOptions.SectionName).ValidateOnStart();
        services.AddSettings<WebhookOptions>(WebhookOptions.SectionName).ValidateOnStart();

        // Keep in-handler retries short: the queue retries the message, with the same idempotency key. The client
        // connects only to allowed targets (checked on the resolved addresses), follows no redirect and uses no
        // proxy (a proxy would connect on our behalf, past the check); a refused target is never retried.
        services.AddSingleton(sp => new WebhookTargets(
            sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowedPrivateTargets,
            [sp.GetRequiredService<TableServiceClient>().Uri, sp.GetRequiredService<QueueServiceClient>().Uri, sp.GetRequiredService<BlobServiceClient>().Uri]));
        services.AddHttpClient(WebhookChannel.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
            })
            .AddWallClockResilience("webhooks", retries: 1, retryDelay: TimeSpan.FromMilliseconds(200), attemptTimeout: TimeSpan.FromSeconds(5),
                permanent: ex => WebhookChannel.Refusal(ex) is not null);
        services.AddSingleton<INotificationChannel, ConsoleChannel>();
        services.AddSingleton<INotificationChannel, WebhookChannel>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<NotificationChannels>();
        services.AddSingleton(sp => new AdminNotices(sp.GetRequiredService<NotificationChannels>(), AdminNotices.ParseAdmins(configuration[AdminNotices.SettingKey])));
        return services;
    }
}

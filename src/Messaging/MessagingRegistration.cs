using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Messaging;

/// <summary>Registers the messaging plumbing: the sender, the shared meter, the activity count and poison handling.</summary>
public static class MessagingRegistration
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<QueueSender>();
        services.AddSingleton<PipelineMeter>();
        services.AddSingleton<MessagingMetrics>();
        services.AddSingleton<PipelineActivity>();
        services.AddSingleton<PoisonMessages>();
        services.AddSingleton<QueueHandling>();
        return services;
    }
}

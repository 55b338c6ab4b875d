using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Delivery;

/// <summary>Registers the delivery slice: the deliveries store and the handler of the deliveries queue with its steps.</summary>
public static class DeliveryRegistration
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<ChunkClaimStore>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<DeliveryClaims>();
        services.AddSingleton<DeliverySender>();
        services.AddSingleton<DeliveryReport>();
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<SiteDelivery>();
        services.AddSingleton<RecipientDeliveries>();
        return services;
    }
}

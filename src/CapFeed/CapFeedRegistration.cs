using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.CapFeed;

/// <summary>Registers the CAP output slice: its options, the CAP and Atom writers and the service that reads alerts for them.</summary>
public static class CapFeedRegistration
{
    public static IServiceCollection AddCapFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<CapFeedOptions>(CapFeedOptions.SectionName).ValidateOnStart();
        services.AddSingleton<CapAlertWriter>();
        services.AddSingleton<CapAtomWriter>();
        services.AddSingleton<CapFeedService>();
        return services;
    }
}

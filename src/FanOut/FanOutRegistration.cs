using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.FanOut;

/// <summary>Registers the fan-out slice: the handler of the alerts queue.</summary>
public static class FanOutRegistration
{
    public static IServiceCollection AddFanOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<FanOutMetrics>();
        services.AddSingleton<FanOutService>();
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.HeatCheck;

/// <summary>Registers the heat-check slice: the timer's service and its steps.</summary>
public static class HeatCheckRegistration
{
    public static IServiceCollection AddHeatCheck(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<HeatCheckMetrics>();
        services.AddSingleton<SiteGrading>();
        services.AddSingleton<SiteFollowUps>();
        services.AddSingleton<AlertQueueing>();
        services.AddSingleton<WeatherFailureReport>();
        services.AddSingleton<HeatCheckService>();
        services.AddSingleton<HeatCheckStore>();
        services.AddSingleton<HeatCheckRunner>();
        return services;
    }
}

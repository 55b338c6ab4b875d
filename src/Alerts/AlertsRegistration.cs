using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Alerts;

/// <summary>Registers the alerts slice: its options, the alert store and the evaluation store.</summary>
public static class AlertsRegistration
{
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<AlertOptions>(AlertOptions.SectionName).ValidateOnStart();
        services.AddSingleton<HeatEvaluationStore>();
        services.AddSingleton<AlertStore>();
        return services;
    }
}

using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Heat;

/// <summary>Registers the heat slice: the heat rules and the grader.</summary>
public static class HeatRegistration
{
    public static IServiceCollection AddHeat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<HeatRulesOptions>(HeatRulesOptions.SectionName).ValidateOnStart();
        services.AddSingleton<HeatGrader>();
        services.AddSingleton<ForecastEvaluator>();
        return services;
    }
}

using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Digest;

/// <summary>Registers the daily digest: its options, store, planner, sender and the timer's service.</summary>
public static class DigestRegistration
{
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DigestOptions>(DigestOptions.SectionName).ValidateOnStart();
        services.AddSingleton<DigestStore>();
        services.AddSingleton<DigestPlanner>();
        services.AddSingleton<DigestSender>();
        services.AddSingleton<DigestService>();
        return services;
    }
}

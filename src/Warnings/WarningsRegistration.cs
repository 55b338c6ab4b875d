using System.Net;
using HeatRelief.Messaging;
using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HeatRelief.Warnings;

/// <summary>
/// Registers the warnings slice: its options, the CAP parser, the heat classifier, the folder reader, the store and the
/// heat check's intake, the HTTP clients of the live sources (with retries and timeouts, gzip answers decompressed) and
/// the warning source.
/// </summary>
public static class WarningsRegistration
{
    public static IServiceCollection AddWarnings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WarningsOptions>(WarningsOptions.SectionName).ValidateOnStart();
        services.AddSingleton(sp => new CapParser(sp.GetRequiredService<IOptions<WarningsOptions>>().Value.MaxDocumentBytes));
        services.AddSingleton(sp => new HeatClassifier(sp.GetRequiredService<IOptions<WarningsOptions>>().Value));
        services.AddSingleton<WarningFolder>();
        services.AddSingleton<WarningReplay>();
        services.AddSingleton<NoWarningSource>();
        services.AddSingleton<FolderWarningSource>();
        services.AddSingleton<WarningStore>();
        services.AddSingleton<WarningIntake>();
        services.AddSingleton<CapFeedWarningSource>();
        services.AddSingleton<QWeatherWarningSource>();
        var warnings = configuration.GetSection(WarningsOptions.SectionName).Get<WarningsOptions>() ?? new WarningsOptions();
        foreach (var name in new[] { CapFeedWarningSource.HttpClientName, QWeatherWarningSource.HttpClientName })
        {
            services.AddHttpClient(name)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli })
                .AddWallClockResilience(name, retries: warnings.RetryAttempts, retryDelay: TimeSpan.FromSeconds(warnings.RetryDelaySeconds), attemptTimeout: TimeSpan.FromSeconds(warnings.RequestTimeoutSeconds));
        }

        services.TryAddSingleton<IWarningSource>(sp => sp.GetRequiredService<IOptions<WarningsOptions>>().Value.Source switch
        {
            WarningsOptions.FolderSource => sp.GetRequiredService<FolderWarningSource>(),
            WarningsOptions.CapFeedSource => sp.GetRequiredService<CapFeedWarningSource>(),
            WarningsOptions.QWeatherSource => sp.GetRequiredService<QWeatherWarningSource>(),
            _ => sp.GetRequiredService<NoWarningSource>(),
        });
        return services;
    }
}

using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HeatRelief.Warnings;

/// <summary>Registers the warnings slice: its options, the CAP parser, the heat classifier, the folder reader and the warning source.</summary>
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
        services.TryAddSingleton<IWarningSource>(sp => sp.GetRequiredService<IOptions<WarningsOptions>>().Value.Source switch
        {
            WarningsOptions.FolderSource => sp.GetRequiredService<FolderWarningSource>(),
            WarningsOptions.NoSource => sp.GetRequiredService<NoWarningSource>(),
            var other => throw new InvalidOperationException($"Warnings:Source '{other}' has no source registered"),
        });
        return services;
    }
}

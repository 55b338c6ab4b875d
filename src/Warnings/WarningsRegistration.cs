using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeatRelief.Warnings;

/// <summary>Registers the warnings slice: its options, the CAP parser, the heat classifier and the folder reader.</summary>
public static class WarningsRegistration
{
    public static IServiceCollection AddWarnings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WarningsOptions>(WarningsOptions.SectionName).ValidateOnStart();
        services.AddSingleton(sp => new CapParser(sp.GetRequiredService<IOptions<WarningsOptions>>().Value.MaxDocumentBytes));
        services.AddSingleton(sp => new HeatClassifier(sp.GetRequiredService<IOptions<WarningsOptions>>().Value));
        services.AddSingleton<WarningFolder>();
        return services;
    }
}

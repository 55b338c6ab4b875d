using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Api;

/// <summary>Registers the API slice: sign-in, the officers' and admins' handlers, the action-link pages and the CAP feed.</summary>
public static class ApiRegistration
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<AuthOptions>(AuthOptions.SectionName).ValidateOnStart();

        // Hosts without App Service Authentication believe only signed development tokens; the Functions app replaces this.
        services.AddSingleton<DevelopmentTokens>();
        services.AddSingleton<IPrincipalReader>(sp => sp.GetRequiredService<DevelopmentTokens>());
        services.AddSingleton<VisitApi>();
        services.AddSingleton<ActionLinkCheck>();
        services.AddSingleton<LinkPages>();
        services.AddSingleton<AckPages>();
        services.AddSingleton<AckApi>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<DirectoryApi>();
        services.AddSingleton<CapFeedApi>();
        services.AddSingleton<HeatCheckApi>();
        services.AddSingleton<DeliveryApi>();
        return services;
    }
}

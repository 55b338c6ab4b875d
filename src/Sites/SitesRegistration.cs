using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Sites;

/// <summary>Registers the sites slice: the directory of sites, recipients and officers, its import, edits and lifecycle.</summary>
public static class SitesRegistration
{
    public static IServiceCollection AddSites(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SiteDirectory>();
        services.AddSingleton<CsvImporter>();
        services.AddSingleton<DirectoryLifecycle>();
        services.AddSingleton<DirectoryChanges>();
        services.AddSingleton<DirectoryCheck>();
        return services;
    }
}

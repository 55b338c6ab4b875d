using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using HeatRelief.Api;
using HeatRelief.Storage;

namespace HeatRelief.Dashboard;

/// <summary>Registers the dashboard slice: the admins' page and the officers' page (served on the API's route table), its map settings and the development sign-in.</summary>
public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DashboardOptions>(DashboardOptions.SectionName).ValidateOnStart();
        services.AddSingleton<DashboardPage>();
        services.AddSingleton<IDashboardPage>(sp => sp.GetRequiredService<DashboardPage>());
        services.AddSingleton<DevelopmentSignIn>();
        services.AddSingleton<OfficerVisitReader>();
        services.AddSingleton<OfficerPage>();
        services.AddSingleton<IOfficerPage>(sp => sp.GetRequiredService<OfficerPage>());
        return services;
    }
}

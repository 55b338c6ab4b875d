using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using HeatRelief.Api;

namespace HeatRelief.Dashboard;

/// <summary>Registers the dashboard slice: the page (served on the API's route table) and the development sign-in.</summary>
public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DashboardPage>();
        services.AddSingleton<IDashboardPage>(sp => sp.GetRequiredService<DashboardPage>());
        services.AddSingleton<DevelopmentSignIn>();
        return services;
    }
}

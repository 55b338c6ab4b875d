using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Visits;

/// <summary>Registers the visits slice: its options, the visit store, links, notifier and the services that assign and act on visits.</summary>
public static class VisitsRegistration
{
    public static IServiceCollection AddVisits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<VisitOptions>(VisitOptions.SectionName)
            .Validate(o => AdminsProblem(o) is null, "setting Visits__AdminRecipients: expected channel:address pairs separated by ';' (channels: webhook, email, console).")
            .ValidateOnStart();
        services.AddSingleton<VisitMetrics>();
        services.AddSingleton<VisitStore>();
        services.AddSingleton<ActionLinks>();
        services.AddSingleton<VisitNotifier>();
        services.AddSingleton<VisitAssigner>();
        services.AddSingleton<VisitService>();
        services.AddSingleton<VisitActions>();
        services.AddSingleton<ReassignmentService>();
        return services;
    }

    private static string? AdminsProblem(VisitOptions options)
    {
        try
        {
            VisitNotifier.ParseAdmins(options.AdminRecipients);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}

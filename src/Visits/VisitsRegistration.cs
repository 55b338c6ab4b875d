using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>Registers the visits slice: its options, stores and services.</summary>
public static class VisitsRegistration
{
    /// <summary>
    /// The settings section deployments made before the rename use (<c>Assignments__*</c>). It is bound first and
    /// <see cref="VisitOptions.SectionName"/> over it, so each setting is read from <c>Visits__*</c> when present and
    /// from the old name otherwise.
    /// </summary>
    public const string FormerSectionName = "Assignments";

    /// <remarks>The options bind the host's <see cref="IConfiguration"/> from the container (as BindConfiguration does); <paramref name="configuration"/> is for what is needed while registering.</remarks>
    public static IServiceCollection AddVisits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IValidateOptions<VisitOptions>>(new SettingsValidator<VisitOptions>(VisitOptions.SectionName));
        services.AddOptions<VisitOptions>()
            .Configure<IConfiguration>((o, settings) => Bind(settings, o))
            .Validate(o => AdminsProblem(o) is null, "setting Visits__AdminRecipients: expected channel:address pairs separated by ';' (channels: webhook, email, console).")
            .ValidateOnStart();

        services.AddSingleton<VisitMetrics>();
        services.AddSingleton<VisitStore>();
        services.AddSingleton<OfficerLoadStore>();
        services.AddSingleton<VisitPassStore>();
        services.AddSingleton<UsedLinkStore>();
        services.AddSingleton<FormerVisitTableStore>();
        services.AddSingleton<ActionLinks>();
        services.AddSingleton<VisitNotifier>();
        services.AddSingleton<VisitJournal>();
        services.AddSingleton<VisitNotices>();
        services.AddSingleton<VisitOfferer>();
        services.AddSingleton<VisitDayOfferer>();
        services.AddSingleton<VisitAssigner>();
        services.AddSingleton<VisitRecorder>();
        services.AddSingleton<VisitRequests>();
        services.AddSingleton<VisitService>();
        services.AddSingleton<VisitActions>();
        services.AddSingleton<ReassignmentService>();
        return services;
    }

    /// <summary>The visit settings: the former section's values, then the current section's over them.</summary>
    public static void Bind(IConfiguration configuration, VisitOptions options)
    {
        configuration.GetSection(FormerSectionName).Bind(options);
        configuration.GetSection(VisitOptions.SectionName).Bind(options);
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

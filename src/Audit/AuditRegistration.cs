using HeatRelief.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Audit;

/// <summary>Registers the audit slice: its options, the audit log and the local-time texts.</summary>
public static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<AuditOptions>(AuditOptions.SectionName)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "setting Audit__TimeZone: not a known time zone id.").ValidateOnStart();
        services.AddSingleton<AuditLog>();
        services.AddSingleton(sp => LocalTimeText.For(sp.GetRequiredService<IOptions<AuditOptions>>().Value.TimeZone));
        return services;
    }
}

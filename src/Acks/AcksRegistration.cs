using HeatRelief.Delivery;
using HeatRelief.Storage;
using HeatRelief.Visits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Acks;

/// <summary>Registers the acknowledgement slice: its options, store, links, the alert addendum and the follow-up.</summary>
public static class AcksRegistration
{
    public static IServiceCollection AddAcks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<AckOptions>(AckOptions.SectionName)
            .Validate(o => o.EscalateMinutes >= o.DueMinutes, "setting Acks__EscalateMinutes: must be at least Acks__DueMinutes (the reminder comes before the escalation).")
            .ValidateOnStart();
        services.AddSingleton<AckStore>();
        services.AddSingleton<AckLinks>();
        services.AddSingleton<IAlertAddendum, AckAddendum>();
        services.AddSingleton<IOfferAddendum, AckOfferAddendum>();
        services.AddSingleton<AckRequests>();
        services.AddSingleton<AckNotices>();
        services.AddSingleton<AckFollowUp>();
        services.AddSingleton<AckAnswers>();
        return services;
    }
}

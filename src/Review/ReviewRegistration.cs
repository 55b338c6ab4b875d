using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Review;

/// <summary>Registers the review slice: audit queries and export, the campaign summary and the poison-queue review.</summary>
public static class ReviewRegistration
{
    public static IServiceCollection AddReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AuditQuery>();
        services.AddSingleton<AuditCsv>();
        services.AddSingleton<CampaignSummary>();
        services.AddSingleton<PoisonQueueService>();
        return services;
    }
}

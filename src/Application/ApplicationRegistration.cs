using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Api;
using HeatRelief.Audit;
using HeatRelief.CapFeed;
using HeatRelief.Dashboard;
using HeatRelief.Delivery;
using HeatRelief.Digest;
using HeatRelief.FanOut;
using HeatRelief.Heat;
using HeatRelief.HeatCheck;
using HeatRelief.Messaging;
using HeatRelief.Notifications;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Visits;
using HeatRelief.Warnings;
using HeatRelief.Weather;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Application;

/// <summary>The composition root both hosts call: every slice registers itself, bottom slice first.</summary>
public static class ApplicationRegistration
{
    /// <summary>The connection setting both hosts read, as Azure Functions does.</summary>
    public const string StorageConnectionName = StorageRegistration.StorageConnectionName;

    public static IServiceCollection AddHeatRelief(this IServiceCollection services, IConfiguration configuration) => services
        .AddStorage(configuration)
        .AddAudit(configuration)
        .AddMessaging(configuration)
        .AddNotifications(configuration)
        .AddSites(configuration)
        .AddWeather(configuration)
        .AddHeat(configuration)
        .AddWarnings(configuration)
        .AddAlerts(configuration)
        .AddDelivery(configuration)
        .AddVisits(configuration)
        .AddAcks(configuration)
        .AddDigest(configuration)
        .AddFanOut(configuration)
        .AddHeatCheck(configuration)
        .AddReview(configuration)
        .AddCapFeed(configuration)
        .AddApi(configuration)
        .AddDashboard(configuration);
}

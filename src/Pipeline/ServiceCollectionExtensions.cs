using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using HeatRelief.Alerts;
using HeatRelief.Api;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Heat;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Weather;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace HeatRelief.Pipeline;

/// <summary>Registers everything both hosts share: options, storage clients, weather, heat rules and the pipeline services.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The connection setting both hosts read, as Azure Functions does.</summary>
    public const string StorageConnectionName = "AzureWebJobsStorage";

    public static IServiceCollection AddHeatRelief(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.AddSettings<StorageOptions>(StorageOptions.SectionName).ValidateOnStart();
        services.AddSettings<AlertOptions>(AlertOptions.SectionName).ValidateOnStart();
        services.AddSettings<HeatRulesOptions>(HeatRulesOptions.SectionName).ValidateOnStart();
        services.AddSettings<WeatherOptions>(WeatherOptions.SectionName).ValidateOnStart();
        services.AddSettings<EmailOptions>(EmailOptions.SectionName).ValidateOnStart();
        services.AddSettings<WebhookOptions>(WebhookOptions.SectionName).ValidateOnStart();
        services.AddSettings<AuthOptions>(AuthOptions.SectionName).ValidateOnStart();
        services.AddVisits(configuration);
        services.AddSettings<AuditOptions>(AuditOptions.SectionName)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "setting Audit__TimeZone: not a known time zone id.").ValidateOnStart();

        services.AddSingleton<StorageRequestCounter>();
        services.AddAzureClients(clients =>
        {
            // Defaults reach every storage client built from this container's Azure client factory: ours
            // below, and the WebJobs queue listeners' in the self-host. Each retry counts, as storage bills it.
            clients.ConfigureDefaults((options, provider) =>
            {
                StorageService? service = options switch
                {
                    TableClientOptions => StorageService.Table,
                    QueueClientOptions => StorageService.Queue,
                    BlobClientOptions => StorageService.Blob,
                    _ => null,
                };
                if (service is { } s)
                {
                    options.AddPolicy(provider.GetRequiredService<StorageRequestCounter>().PolicyFor(s), HttpPipelinePosition.PerRetry);
                }
            });
            var storage = configuration.GetSection(StorageConnectionName);
            clients.AddClient<TableServiceClient, TableClientOptions>((options, _, _) =>
                string.IsNullOrEmpty(storage.Value)
                    ? new TableServiceClient(ServiceUri(storage, "table"), Credential(storage), options)
                    : new TableServiceClient(storage.Value, options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, _, _) =>
            {
                // Both hosts' queue triggers expect Base64 message bodies.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return string.IsNullOrEmpty(storage.Value)
                    ? new QueueServiceClient(ServiceUri(storage, "queue"), Credential(storage), options)
                    : new QueueServiceClient(storage.Value, options);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, _, _) =>
            {
                // For the poison queues' readers: bodies as stored, so one not in Base64 cannot fail a whole read.
                options.MessageEncoding = QueueMessageEncoding.None;
                return string.IsNullOrEmpty(storage.Value)
                    ? new QueueServiceClient(ServiceUri(storage, "queue"), Credential(storage), options)
                    : new QueueServiceClient(storage.Value, options);
            }).WithName(StorageClients.RawQueuesClientName);
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, _, _) =>
                string.IsNullOrEmpty(storage.Value)
                    ? new BlobServiceClient(ServiceUri(storage, "blob"), Credential(storage), options)
                    : new BlobServiceClient(storage.Value, options));
        });

        services.AddSingleton<StorageNames>();
        services.AddSingleton<StorageClients>();
        services.AddSingleton<QueueSender>();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<PipelineActivity>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton(sp => LocalTimeText.For(sp.GetRequiredService<IOptions<AuditOptions>>().Value.TimeZone));
        services.AddSingleton<PoisonMessages>();

        services.AddSingleton<SiteDirectory>();
        services.AddSingleton<CsvImporter>();
        services.AddSingleton<DirectoryLifecycle>();
        services.AddSingleton<DirectoryCheck>();

        services.AddSingleton<HeatGrader>();
        services.AddSingleton<ForecastEvaluator>();
        var weather = configuration.GetSection(WeatherOptions.SectionName).Get<WeatherOptions>() ?? new WeatherOptions();
        services.AddHttpClient(OpenMeteoWeatherSource.HttpClientName)
            .AddWallClockResilience("open-meteo", retries: weather.RetryAttempts, retryDelay: TimeSpan.FromSeconds(weather.RetryDelaySeconds), attemptTimeout: TimeSpan.FromSeconds(weather.RequestTimeoutSeconds));
        services.AddSingleton<RecordedWeatherSource>();
        services.AddSingleton<OpenMeteoWeatherSource>();
        services.TryAddSingleton<IWeatherSource>(sp => sp.GetRequiredService<IOptions<WeatherOptions>>().Value.Source == WeatherOptions.OpenMeteoSource
            ? sp.GetRequiredService<OpenMeteoWeatherSource>()
            : sp.GetRequiredService<RecordedWeatherSource>());

        services.AddSingleton<HeatEvaluationStore>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<HeatCheckService>();
        services.AddSingleton<FanOutService>();

        // Keep in-handler retries short: the queue retries the message, with the same idempotency key. The client
        // connects only to allowed targets (checked on the resolved addresses), follows no redirect and uses no
        // proxy (a proxy would connect on our behalf, past the check); a refused target is never retried.
        services.AddSingleton(sp => new WebhookTargets(
            sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowedPrivateTargets,
            [sp.GetRequiredService<TableServiceClient>().Uri, sp.GetRequiredService<QueueServiceClient>().Uri, sp.GetRequiredService<BlobServiceClient>().Uri]));
        services.AddHttpClient(WebhookChannel.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
            })
            .AddWallClockResilience("webhooks", retries: 1, retryDelay: TimeSpan.FromMilliseconds(200), attemptTimeout: TimeSpan.FromSeconds(5),
                permanent: ex => WebhookChannel.Refusal(ex) is not null);
        services.AddSingleton<INotificationChannel, ConsoleChannel>();
        services.AddSingleton<INotificationChannel, WebhookChannel>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<NotificationChannels>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryService>();

        // Hosts without App Service Authentication believe only signed development tokens; the Functions app replaces this.
        services.AddSingleton<DevelopmentTokens>();
        services.AddSingleton<IPrincipalReader>(sp => sp.GetRequiredService<DevelopmentTokens>());
        services.AddSingleton<VisitApi>();
        services.AddSingleton<LinkPages>();

        services.AddSingleton<AuditQuery>();
        services.AddSingleton<AuditCsv>();
        services.AddSingleton<CampaignSummary>();
        services.AddSingleton<PoisonQueueService>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<Dashboard.DashboardPage>();
        services.AddSingleton<Dashboard.DevelopmentSignIn>();
        return services;
    }

    /// <summary>Binds an options class to its section, validated at start with key-naming messages.</summary>
    private static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(section));
        return services.AddOptions<TOptions>().BindConfiguration(section);
    }

    private static Uri ServiceUri(IConfigurationSection storage, string service) =>
        Uri.TryCreate(storage[$"{service}ServiceUri"], UriKind.Absolute, out var uri)
            ? uri
            : throw new OptionsValidationException(StorageConnectionName, typeof(StorageOptions),
                [$"Set {StorageConnectionName} (a connection string) or {StorageConnectionName}__{service}ServiceUri (identity-based)."]);

    private static TokenCredential Credential(IConfigurationSection storage) =>
        string.Equals(storage["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(storage["clientId"] is { Length: > 0 } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}

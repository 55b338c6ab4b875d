using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HeatRelief.Storage;

/// <summary>Registers the storage slice: its options, the clock, and the table, queue and blob clients every store shares.</summary>
public static class StorageRegistration
{
    /// <summary>The connection setting both hosts read, as Azure Functions does.</summary>
    public const string StorageConnectionName = "AzureWebJobsStorage";

    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSettings<StorageOptions>(StorageOptions.SectionName).ValidateOnStart();

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
        return services;
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

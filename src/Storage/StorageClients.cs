using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using HeatRelief.Triggers;

namespace HeatRelief.Storage;

/// <summary>Table and queue clients by logical name, each created in storage once per process.</summary>
public sealed class StorageClients(TableServiceClient tables, QueueServiceClient queues, StorageNames names, IAzureClientFactory<QueueServiceClient> queueClients)
{
    /// <summary>The name of the queue service client that reads and writes message bodies as stored, without Base64.</summary>
    public const string RawQueuesClientName = "RawQueues";

    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new();

    public StorageNames Names => names;

    /// <summary>The table client for a logical table name; creates the table on first use.</summary>
    public Task<TableClient> TableAsync(string logicalName, CancellationToken ct = default) =>
        GetOrCreateAsync(_tables, logicalName, async n =>
        {
            var client = tables.GetTableClient(names.Table(n));
            await client.CreateIfNotExistsAsync(CancellationToken.None);
            return client;
        }, ct);

    /// <summary>The queue client for a logical queue name; creates the queue on first use.</summary>
    public Task<QueueClient> QueueAsync(string logicalName, CancellationToken ct = default) =>
        GetOrCreateAsync(_queues, logicalName, async n =>
        {
            var client = queues.GetQueueClient(names.Queue(n));
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            return client;
        }, ct);

    /// <summary>
    /// A client for a queue that reads bodies as they are stored, without decoding them: a queue may hold a body
    /// that a tool or the REST API put there without the Base64 encoding, which the ordinary client cannot read.
    /// </summary>
    public async Task<QueueClient> RawQueueAsync(string logicalName, CancellationToken ct = default)
    {
        await QueueAsync(logicalName, ct);
        return queueClients.CreateClient(RawQueuesClientName).GetQueueClient(names.Queue(logicalName));
    }

    /// <summary>Creates every table and queue (and poison queue) up front, so a fresh account is ready for both hosts.</summary>
    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        foreach (var table in TableNames.All)
        {
            await TableAsync(table, ct);
        }

        foreach (var queue in QueueNames.All)
        {
            await QueueAsync(queue, ct);
            await QueueAsync(QueueNames.Poison(queue), ct);
        }
    }

    /// <summary>
    /// Creates once and shares the result, but forgets a failed creation: otherwise one throttled or dropped
    /// request on first use would fail every later use of that table or queue for the life of the process.
    /// </summary>
    private static async Task<T> GetOrCreateAsync<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string name, Func<string, Task<T>> create, CancellationToken ct)
    {
        var created = cache.GetOrAdd(name, n => new Lazy<Task<T>>(() => create(n)));
        try
        {
            return await created.Value.WaitAsync(ct);
        }
        catch when (created.Value.IsFaulted)
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(name, created));
            throw;
        }
    }
}

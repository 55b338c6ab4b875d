using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HeatRelief.Storage;
using HeatRelief.Delivery;

namespace HeatRelief.Bench.Azurite;

/// <summary>What this Azurite on this machine can do at most, measured with plain SDK clients (not the pipeline's). A timed pass of batched inserts: the rate, the entities timed, and Azurite's CPU time spent on them.</summary>
public sealed record InsertCeiling(double EntitiesPerSecond, long Entities, TimeSpan AzuriteCpu);

/// <summary>
/// Measures Azurite's raw rates: table inserts as transactions of 100 entities per partition, and queue
/// enqueues of delivery-sized messages, each with several requests in flight as the pipeline's handlers have.
/// The inserts are timed after a warm-up of <see cref="InsertWarmUpEntities"/> entities (Azurite needs about that many
/// to reach its steady rate: with 2,000 the measured rate swung from 3,169 to 10,771 between runs); the enqueues after
/// a warm-up of a tenth of their count. The scratch table and queue are deleted afterwards. The benchmark measures the
/// enqueues after the pipeline: the thousands of messages they delete keep Azurite's one thread busy cleaning up for
/// tens of seconds, which the pipeline would otherwise pay for.
/// </summary>
public static class AzuriteCeiling
{
    /// <summary>Requests in flight: Azurite is one Node.js thread; on two cores 8 gave the highest rates (1 to 32 tried).</summary>
    public const int Concurrency = 8;

    /// <summary>Entities inserted (untimed) before the timed pass.</summary>
    public const int InsertWarmUpEntities = 50_000;

    /// <summary>
    /// Batched inserts: a warm-up, then <paramref name="entities"/> timed, with Azurite's CPU time (read from
    /// <paramref name="azuriteCpu"/>) around the timed pass.
    /// </summary>
    public static async Task<InsertCeiling> BatchInsertsAsync(string connectionString, int entities, Func<TimeSpan> azuriteCpu, CancellationToken ct)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("BenchCeiling");
        await table.CreateIfNotExistsAsync(ct);
        var batches = Math.Max(10, entities / 100);
        var warmUp = InsertWarmUpEntities / 100;
        var now = DateTimeOffset.UtcNow;
        await InsertAsync(0, warmUp);
        var cpu = azuriteCpu();
        var watch = Stopwatch.StartNew();
        await InsertAsync(warmUp, batches);
        var rate = batches * 100 / watch.Elapsed.TotalSeconds;
        cpu = azuriteCpu() - cpu;
        await table.DeleteAsync(ct);
        return new InsertCeiling(rate, batches * 100L, cpu);

        // Rows shaped like a delivery record; one partition per batch, as the pipeline writes one alert's chunk.
        Task InsertAsync(int first, int count) => Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct }, async (b, token) =>
        {
            var partition = string.Create(CultureInfo.InvariantCulture, $"ceiling-{b:D6}");
            var actions = Enumerable.Range(0, 100).Select(r => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, string.Create(CultureInfo.InvariantCulture, $"R{r:D5}"))
            {
                ["SiteId"] = "BS000000",
                ["Date"] = "2026-07-15",
                ["Level"] = "red",
                ["Channel"] = "webhook",
                ["Status"] = "Delivered",
                ["Attempts"] = 1,
                ["IdempotencyKey"] = $"{partition}:R{r:D5}",
                ["CreatedAt"] = now,
            }));
            await table.SubmitTransactionAsync(actions, token);
        });
    }

    /// <summary>Enqueues of delivery-sized messages per second, on an empty queue after a warm-up.</summary>
    public static async Task<double> EnqueuesAsync(string connectionString, int messages, CancellationToken ct)
    {
        var service = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = service.GetQueueClient("bench-ceiling");
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);

        // The size of a full delivery chunk: 100 recipient ids.
        var body = MessageJson.Serialize(new DeliveryChunkMessage(DeliveryChunkMessage.CurrentVersion, "BS000000_20260715_red", "2026-07-15", "BS000000",
            [.. Enumerable.Range(0, 100).Select(r => Data.BenchData.RecipientId(0, r))]));
        var count = Math.Max(100, messages);
        await EnqueueAsync(Math.Max(100, count / 10));

        // Azurite slows as a queue grows: time the enqueues on an empty queue, as the pipeline keeps its queues short.
        await queue.ClearMessagesAsync(ct);
        var watch = Stopwatch.StartNew();
        await EnqueueAsync(count);
        var rate = count / watch.Elapsed.TotalSeconds;
        await queue.DeleteAsync(ct);
        return rate;

        Task EnqueueAsync(int n) => Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct }, async (_, token) =>
            await queue.SendMessageAsync(body, token));
    }
}

using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HeatRelief.Storage;
using HeatRelief.Delivery;

namespace HeatRelief.Bench.Azurite;

/// <summary>What this Azurite on this machine can do at most, measured with plain SDK clients (not the pipeline's).</summary>
public sealed record AzuriteCeilingResult(double BatchInsertsPerSecond, double EnqueuesPerSecond);

/// <summary>
/// Measures Azurite's raw rates: table inserts as transactions of 100 entities per partition, and queue
/// enqueues of delivery-sized messages, each with several requests in flight as the pipeline's handlers have.
/// Each is timed after a warm-up pass of a tenth of its size: cold, both Node.js and .NET are still compiling,
/// and the first seconds run at a third of the rate. The scratch table and queue are deleted afterwards.
/// </summary>
public static class AzuriteCeiling
{
    /// <summary>Requests in flight: Azurite is one Node.js thread; on two cores 8 gave the highest rates (1 to 32 tried).</summary>
    public const int Concurrency = 8;

    public static async Task<AzuriteCeilingResult> MeasureAsync(string connectionString, int entities, int messages, CancellationToken ct)
    {
        var batchRate = await BatchInsertsAsync(new TableServiceClient(connectionString), entities, ct);
        var enqueueRate = await EnqueuesAsync(new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }), messages, ct);
        return new AzuriteCeilingResult(batchRate, enqueueRate);
    }

    private static async Task<double> BatchInsertsAsync(TableServiceClient service, int entities, CancellationToken ct)
    {
        var table = service.GetTableClient("BenchCeiling");
        await table.CreateIfNotExistsAsync(ct);
        var batches = Math.Max(10, entities / 100);
        var warmUp = Math.Max(10, batches / 10);
        var now = DateTimeOffset.UtcNow;
        await InsertAsync(0, warmUp);
        var watch = Stopwatch.StartNew();
        await InsertAsync(warmUp, batches);
        var rate = batches * 100 / watch.Elapsed.TotalSeconds;
        await table.DeleteAsync(ct);
        return rate;

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

    private static async Task<double> EnqueuesAsync(QueueServiceClient service, int messages, CancellationToken ct)
    {
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

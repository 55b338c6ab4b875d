using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HeatRelief.Storage;
using HeatRelief.Delivery;

namespace HeatRelief.Bench.Azurite;

/// <summary>
/// What this Azurite on this machine can do at most, measured with plain SDK clients (not the pipeline's). A timed pass
/// of batched inserts: the rate, the entities timed, Azurite's and the bench process's (the SDK client's) CPU time spent
/// on them, and the warm-up before them
/// (the entities it took, whether the rate had settled, and each warm-up round's rate).
/// </summary>
public sealed record InsertCeiling(double EntitiesPerSecond, long Entities, TimeSpan AzuriteCpu, TimeSpan HostCpu, long WarmUpEntities, bool WarmUpSteady, IReadOnlyList<double> WarmUpRates);

/// <summary>
/// Measures Azurite's raw rates: table inserts as transactions of 100 entities per partition, and queue
/// enqueues of delivery-sized messages, each with several requests in flight as the pipeline's handlers have.
/// The inserts are timed after a warm-up that runs until the rate settles (see <see cref="IsSteady"/>; with a fixed
/// 2,000 the measured rate swung from 3,169 to 10,771 between runs), bounded in entities and time; the enqueues after
/// a warm-up of a tenth of their count. The scratch table and queue are deleted afterwards. The benchmark measures the
/// enqueues after the pipeline: the thousands of messages they delete keep Azurite's one thread busy cleaning up for
/// tens of seconds, which the pipeline would otherwise pay for.
/// </summary>
public static class AzuriteCeiling
{
    /// <summary>Requests in flight: Azurite is one Node.js thread; on two cores 8 gave the highest rates (1 to 32 tried).</summary>
    public const int Concurrency = 8;

    /// <summary>Entities per warm-up round: each round's rate is one sample of the settling curve.</summary>
    public const int WarmUpRoundEntities = 5_000;

    /// <summary>The warm-up always inserts at least this many, however steady the first rounds look.</summary>
    public const int MinWarmUpEntities = 20_000;

    /// <summary>The warm-up stops here, steady or not (the run says which).</summary>
    public const int MaxWarmUpEntities = 150_000;

    /// <summary>The warm-up stops after this long, steady or not.</summary>
    public static readonly TimeSpan MaxWarmUpTime = TimeSpan.FromSeconds(120);

    /// <summary>Rounds compared, and how far apart their rates may be (highest / lowest), for the rate to count as settled.</summary>
    public const int SteadyRounds = 3;

    public const double SteadySpread = 1.15;

    /// <summary>
    /// The rate has settled when the last <see cref="SteadyRounds"/> rounds' rates lie within <see cref="SteadySpread"/>
    /// of each other (highest / lowest).
    /// </summary>
    public static bool IsSteady(IReadOnlyList<double> roundRates)
    {
        ArgumentNullException.ThrowIfNull(roundRates);
        if (roundRates.Count < SteadyRounds)
        {
            return false;
        }

        var last = roundRates.Skip(roundRates.Count - SteadyRounds).ToList();
        return last.Min() > 0 && last.Max() / last.Min() <= SteadySpread;
    }

    /// <summary>
    /// Batched inserts: a warm-up in rounds until the rate settles, then <paramref name="entities"/> timed, with
    /// Azurite's and this process's CPU time (read from <paramref name="azuriteCpu"/> and <paramref name="hostCpu"/>)
    /// around the timed pass.
    /// </summary>
    public static async Task<InsertCeiling> BatchInsertsAsync(string connectionString, int entities, Func<TimeSpan> azuriteCpu, Func<TimeSpan> hostCpu, TextWriter progress, CancellationToken ct)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("BenchCeiling");
        await table.CreateIfNotExistsAsync(ct);
        var batches = Math.Max(10, entities / 100);
        var now = DateTimeOffset.UtcNow;
        var rates = new List<double>();
        var next = 0;
        var warmUp = Stopwatch.StartNew();
        while (next * 100 < MaxWarmUpEntities && warmUp.Elapsed < MaxWarmUpTime && (next * 100 < MinWarmUpEntities || !IsSteady(rates)))
        {
            var round = Stopwatch.StartNew();
            await InsertAsync(next, WarmUpRoundEntities / 100);
            next += WarmUpRoundEntities / 100;
            rates.Add(WarmUpRoundEntities / round.Elapsed.TotalSeconds);
        }

        var steady = IsSteady(rates);
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  warm-up: {next * 100:N0} entities in {warmUp.Elapsed.TotalSeconds:0} s, {(steady ? "steady" : "NOT steady")}; entities/s per {WarmUpRoundEntities:N0}: {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}"));
        var (cpu, clientCpu) = (azuriteCpu(), hostCpu());
        var watch = Stopwatch.StartNew();
        await InsertAsync(next, batches);
        var rate = batches * 100 / watch.Elapsed.TotalSeconds;
        (cpu, clientCpu) = (azuriteCpu() - cpu, hostCpu() - clientCpu);
        await table.DeleteAsync(ct);
        return new InsertCeiling(rate, batches * 100L, cpu, clientCpu, next * 100L, steady, [.. rates.Select(r => Math.Round(r, 1))]);

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

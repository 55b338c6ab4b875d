using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;
using HeatRelief.Bench.Azurite;
using HeatRelief.Bench.Data;
using HeatRelief.Visits;
using HeatRelief.Bench.Fakes;
using HeatRelief.Delivery;
using HeatRelief.Messaging;
using HeatRelief.SelfHost.Cli;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Warnings;
using HeatRelief.Weather;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using HeatRelief.Triggers;
using HeatRelief.Application;
using HeatRelief.Notifications;

namespace HeatRelief.Bench;

/// <summary>
/// One benchmark run: its own Azurite, a fake Open-Meteo and a webhook sink; generated sites, recipients and
/// officers; Azurite's raw ceiling; then one heat-check tick through the real self-host, timed until every
/// notification reached the sink and the drained queues are empty.
/// </summary>
public static class BenchRun
{
    /// <summary>
    /// Queues that must be empty before a run ends: every notification delivered and every visit request assigned.
    /// </summary>
    public static readonly IReadOnlyList<string> DrainedQueues = [QueueNames.Alerts, QueueNames.Deliveries, QueueNames.VisitRequests];

    /// <summary>The bench ticks the timer itself; this schedule (midnight, 1 January) keeps the timer out of the run.</summary>
    private const string QuietSchedule = "0 0 0 1 1 *";

    public static async Task<BenchResult> RunAsync(BenchOptions options, string root, TextWriter progress, CancellationToken ct)
    {
        var setup = Stopwatch.StartNew();
        progress.WriteLine(Invariant($"Bench: {options.Sites:N0} sites x {options.RecipientsPerSite:N0} recipients = {options.Notifications:N0} notifications."));
        await using var azurite = await AzuriteServer.StartAsync(root, ct);
        await using var weather = await FakeOpenMeteo.StartAsync(TimeProvider.System, ct);
        await using var sink = await WebhookSink.StartAsync(ct);
        var configuration = SelfHostSettings.Build(root, new Dictionary<string, string?>
        {
            [ApplicationRegistration.StorageConnectionName] = azurite.ConnectionString,
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.TablePrefix)}"] = string.Empty,
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.QueuePrefix)}"] = string.Empty,
            [$"{WeatherOptions.SectionName}:{nameof(WeatherOptions.Source)}"] = WeatherOptions.OpenMeteoSource,
            [$"{WeatherOptions.SectionName}:{nameof(WeatherOptions.OpenMeteoBaseUrl)}"] = weather.BaseUrl,
            // The forecast alone: the sample settings replay the demo's official warnings, which would raise levels
            // the generated forecast does not.
            [$"{WarningsOptions.SectionName}:{nameof(WarningsOptions.Source)}"] = WarningsOptions.NoSource,
            [FunctionNames.HeatCheckScheduleSetting] = QuietSchedule,
            // The five-minute timers (reassignment, acknowledgement follow-ups, digests) too: at a real five-minute mark
            // during a run they would add their own sends and requests to the tick's (a 5 x 10 run at 08:5x local time
            // once counted 55 notifications for 50, likely the day's digests, due from 07:00). The tick's visits are
            // offered through the queue, not by them.
            [FunctionNames.ReassignScheduleSetting] = QuietSchedule,
            // The sink listens on loopback, where webhooks may go only when allowed.
            [$"{WebhookOptions.SectionName}:{nameof(WebhookOptions.AllowedPrivateTargets)}"] = new Uri(sink.BaseUrl).Authority,
            [$"{VisitOptions.SectionName}:{nameof(VisitOptions.MaxDistanceKm)}"] = BenchData.MaxDistanceKm,
        });

        using var host = SelfHostBuilder.Build(root, configuration, WarningsToStandardError);
        var services = host.Services;
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(ct);
        await GenerateAsync(options, services.GetRequiredService<SiteDirectory>(), sink.BaseUrl, progress, ct);

        progress.WriteLine(Invariant($"Heat-check weather for {options.WeatherSites:N0} sites..."));
        var (checkRequests, checkLocations) = (weather.Requests, weather.Locations);
        await services.GetRequiredService<IWeatherSource>().GetForecastsAsync([.. BenchData.Sites(options.WeatherSites)], ct);
        (checkRequests, checkLocations) = (weather.Requests - checkRequests, weather.Locations - checkLocations);

        progress.WriteLine(Invariant($"Measuring Azurite's insert ceiling (warming up until the rate settles, {AzuriteCeiling.MinWarmUpEntities:N0} to {AzuriteCeiling.MaxWarmUpEntities:N0} entities, at most {AzuriteCeiling.MaxWarmUpTime.TotalSeconds:0} s)..."));
        var inserts = await AzuriteCeiling.BatchInsertsAsync(azurite.ConnectionString,
            entities: (int)Math.Clamp(options.Notifications / 100 * 100, 10_000, 20_000), () => azurite.CpuTime, HostCpuTime, progress, ct);
        progress.WriteLine(Invariant($"Azurite: {inserts.EntitiesPerSecond:0} entities/s in batches of 100."));

        var counter = services.GetRequiredService<StorageRequestCounter>();
        using var tally = new PipelineTally(services.GetRequiredService<PipelineMeter>());
        var monitor = new QueueServiceClient(azurite.ConnectionString);
        await host.StartAsync(ct);
        setup.Stop();
        try
        {
            progress.WriteLine("Heat check tick: running the pipeline...");
            var before = counter.Snapshot();
            counter.EntityWrites.Enabled = true;
            var writesBefore = counter.EntityWrites.Snapshot();
            var tableRequestsBefore = counter.EntityWrites.RequestsByTable();
            var weatherBefore = weather.Requests;
            var (azuriteCpuBefore, hostCpuBefore) = (azurite.CpuTime, HostCpuTime());
            var tick = Stopwatch.GetTimestamp();
            // Fan-out starts while the heat check is still queueing alerts, so the wait runs alongside it.
            var heatCheck = RunCommand.RunHeatCheckAsync(host, ct);
            var completed = await WaitForPipelineAsync(options, host, heatCheck, sink, monitor, tick, progress, ct);
            await heatCheck;
            var used = Difference(counter.Snapshot(), before);
            var (azuriteCpu, hostCpu) = (azurite.CpuTime - azuriteCpuBefore, HostCpuTime() - hostCpuBefore);
            var writes = Difference(counter.EntityWrites.Snapshot(), writesBefore);
            var tableRequests = Difference(counter.EntityWrites.RequestsByTable(), tableRequestsBefore);
            counter.EntityWrites.Enabled = false;
            var hottest = HottestPartition.Of(writes);

            // After the pipeline: the enqueues' clean-up would otherwise slow it (see AzuriteCeiling).
            progress.WriteLine("Measuring Azurite's enqueue ceiling...");
            var enqueues = await AzuriteCeiling.EnqueuesAsync(azurite.ConnectionString, (int)Math.Clamp(options.Notifications / 20, 200, 3_000), ct);

            var last = sink.LastDeliveryTimestamp;
            var wall = last > tick ? Stopwatch.GetElapsedTime(tick, last).TotalSeconds : Stopwatch.GetElapsedTime(tick).TotalSeconds;
            var notifications = Math.Max(1, options.Notifications);
            var transactions = used.Values.Sum();
            var messages = used.GetValueOrDefault("queue POST");
            var perSecond = sink.Delivered / wall;
            return new BenchResult
            {
                Sites = options.Sites,
                Recipients = options.Notifications,
                WallSeconds = Math.Round(wall, 2),
                NotificationsPerSecond = Math.Round(perSecond, 1),
                StorageTransactionsPerNotification = Math.Round((double)transactions / notifications, 4),
                QueueMessagesPerNotification = Math.Round((double)messages / notifications, 4),
                PeakWorkingSetMb = Math.Round(PeakWorkingSetBytes() / 1048576.0, 1),
                AzuriteBatchInsertsPerSecond = Math.Round(inserts.EntitiesPerSecond, 1),
                AzuriteEnqueuesPerSecond = Math.Round(enqueues, 1),
                FractionOfAzuriteInsertRate = Math.Round(perSecond / inserts.EntitiesPerSecond, 4),
                EntityWritesPerNotification = Math.Round((double)hottest.TotalWrites / notifications, 4),
                MaxPartitionWriteShare = Math.Round(hottest.Share, 4),
                MaxWritePartition = hottest.Partition,
                EntityWrites = hottest.TotalWrites,
                TopWritePartitions = writes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(5)
                    .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                HottestPartitionPerTable = writes.GroupBy(kv => kv.Key[..Math.Max(0, kv.Key.IndexOf('/', StringComparison.Ordinal))], StringComparer.Ordinal)
                    .Select(table => table.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First())
                    .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                    .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                AzuriteCpuMsPerNotification = Math.Round(azuriteCpu.TotalMilliseconds / notifications, 4),
                HostCpuMsPerNotification = Math.Round(hostCpu.TotalMilliseconds / notifications, 4),
                AzuriteCpuMsPerInsertedEntity = Math.Round(inserts.AzuriteCpu.TotalMilliseconds / Math.Max(1, inserts.Entities), 4),
                HostCpuMsPerInsertedEntity = Math.Round(inserts.HostCpu.TotalMilliseconds / Math.Max(1, inserts.Entities), 4),
                AzuriteInsertWarmUpEntities = inserts.WarmUpEntities,
                AzuriteInsertWarmUpSteady = inserts.WarmUpSteady,
                AzuriteInsertWarmUpRates = inserts.WarmUpRates,
                Completed = completed,
                NotificationsDelivered = sink.Delivered,
                DuplicateDeliveries = sink.Duplicates,
                AlertsRaised = tally["heatrelief.alerts.raised"],
                VisitsRequested = tally["heatrelief.visits.requested"],
                VisitsAssigned = tally["heatrelief.visits.assigned"],
                VisitsUnassigned = tally["heatrelief.visits.unassigned"],
                OfficerOffers = sink.OfficerOffers,
                StorageTransactions = transactions,
                StorageTransactionsByKind = used,
                TableRequestsByTable = tableRequests.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                    .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                QueueMessages = messages,
                WeatherRequests = weather.Requests - weatherBefore,
                WeatherCheckSites = options.WeatherSites,
                WeatherCheckRequests = checkRequests,
                WeatherCheckLocations = checkLocations,
                AzuritePeakWorkingSetMb = Math.Round(azurite.PeakWorkingSetBytes / 1048576.0, 1),
                SetupSeconds = Math.Round(setup.Elapsed.TotalSeconds, 1),
            };
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Sites, officers, and each site's recipients written one site at a time (never all in memory).</summary>
    private static async Task GenerateAsync(BenchOptions options, SiteDirectory directory, string sinkBaseUrl, TextWriter progress, CancellationToken ct)
    {
        progress.WriteLine("Generating sites, officers and recipients...");
        await directory.UpsertSitesAsync(BenchData.Sites(options.Sites), ct);
        await directory.UpsertOfficersAsync(BenchData.Officers(options.Sites, sinkBaseUrl), ct);
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Sites), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (site, token) =>
            await directory.UpsertRecipientsAsync(BenchData.Recipients(site, options.RecipientsPerSite, sinkBaseUrl), token));
    }

    /// <summary>
    /// Waits until the sink has every notification and the drained queues stay empty with no handler running
    /// (several looks in a row: a message being handed to a handler is invisible and not yet counted).
    /// Peeks go through a client of the bench's own, so they are not counted as the pipeline's.
    /// </summary>
    private static async Task<bool> WaitForPipelineAsync(BenchOptions options, IHost host, Task heatCheck, WebhookSink sink, QueueServiceClient monitor, long tick, TextWriter progress, CancellationToken ct)
    {
        var activity = host.Services.GetRequiredService<PipelineActivity>();
        var names = host.Services.GetRequiredService<StorageNames>();
        var queues = DrainedQueues.Select(q => monitor.GetQueueClient(names.Queue(q))).ToList();
        var deadline = Stopwatch.GetTimestamp() + (long)(options.Timeout.TotalSeconds * Stopwatch.Frequency);
        var nextReport = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        var quiet = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (heatCheck.IsFaulted)
            {
                return false;
            }

            var busy = !heatCheck.IsCompleted || sink.Delivered < options.Notifications || activity.Active > 0;
            foreach (var queue in queues)
            {
                if (busy)
                {
                    break;
                }

                busy = (await queue.PeekMessagesAsync(1, ct)).Value.Length > 0;
            }

            quiet = busy ? 0 : quiet + 1;
            if (quiet >= 6)
            {
                return sink.Delivered >= options.Notifications;
            }

            if (Stopwatch.GetTimestamp() >= nextReport)
            {
                var elapsed = Stopwatch.GetElapsedTime(tick).TotalSeconds;
                progress.WriteLine(Invariant($"  {elapsed,6:0} s  delivered {sink.Delivered:N0} of {options.Notifications:N0} ({sink.Delivered / elapsed:0} per s)"));
                nextReport += 10 * Stopwatch.Frequency;
            }

            await Task.Delay(sink.Delivered < options.Notifications ? 200 : 500, ct);
        }

        progress.WriteLine(Invariant($"Gave up after {options.Timeout.TotalSeconds:0} s: {sink.Delivered:N0} of {options.Notifications:N0} delivered."));
        return false;
    }

    private static Dictionary<string, long> Difference(IReadOnlyDictionary<string, long> after, IReadOnlyDictionary<string, long> before) =>
        after.Select(kv => (kv.Key, Value: kv.Value - before.GetValueOrDefault(kv.Key))).Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>
    /// The bench process's CPU time so far: on Linux .NET reads utime + stime from /proc/self/stat and converts clock
    /// ticks, as <see cref="AzuriteServer.CpuTime"/> does for Azurite's process.
    /// </summary>
    private static TimeSpan HostCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static long PeakWorkingSetBytes()
    {
        var peak = ProcessMemory.PeakBytes(Environment.ProcessId);
        if (peak > 0)
        {
            return peak;
        }

        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>Warnings and errors only, to standard error, so standard output can carry the JSON alone.</summary>
    private static void WarningsToStandardError(ILoggingBuilder logging)
    {
        logging.AddFilter((category, level) => level >= (category?.StartsWith("Azure.", StringComparison.Ordinal) == true ? LogLevel.Error : LogLevel.Warning))
            .AddSimpleConsole(o => o.SingleLine = true);
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

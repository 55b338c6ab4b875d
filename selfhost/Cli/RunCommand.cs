using System.CommandLine;
using Azure.Storage.Queues;
using HeatRelief.Api;
using HeatRelief.Visits;
using HeatRelief.Dashboard;
using HeatRelief.Messaging;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Storage;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using HeatRelief.Triggers;
using HeatRelief.Notifications;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>run</c>: start the functions, run one heat check at once, then keep going on the timer, printing a
/// summary line whenever the counts change. <c>run --once</c>: one heat check, drain every queue, exit.
/// </summary>
public static class RunCommand
{
    /// <summary>Queues with a trigger in this host; draining waits for these.</summary>
    public static readonly IReadOnlyList<string> DrainedQueues = [QueueNames.Alerts, QueueNames.Deliveries, QueueNames.VisitRequests];

    public static Command Define() => new("run", "Run the functions (the default command): a heat check at start, then the timer, the queues and the HTTP API.")
    {
        CliOptions.Flag("--once", "one heat check, drain every queue, print the summary, exit"),
        CliOptions.Flag("--no-initial-check", "no heat check at start: wait for the timer"),
        CliOptions.WholeNumber("--drain-timeout", "SECONDS", 1, 86_400, DefaultDrainSeconds, "with --once: how long the queues may take to drain"),
        CliOptions.Flag("--demo", "add the demo's sites, recipients and officers from samples/ that are not stored yet (stored rows are never changed)"),
        CliOptions.Flag("--verbose", "log everything from information up (default: warnings and errors, and the summary lines)"),
    };

    public const int DefaultDrainSeconds = 600;

    public static Task<int> RunAsync(CommandLine line, string root, IConfiguration configuration, TextWriter output, CancellationToken ct) =>
        RunAsync(line, root, configuration, output, output, ct);

    public static async Task<int> RunAsync(CommandLine line, string root, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var once = line.Flag("once");
        var skipInitialCheck = line.Flag("no-initial-check");
        var drainTimeout = TimeSpan.FromSeconds(line.Value<int>("drain-timeout"));
        var verbose = line.Flag("verbose");

        // The HTTP API (officer routes, one-tap links) is served while the host keeps running, not for one pass.
        var httpPort = once ? (int?)null : SelfHostBuilder.HttpPort(configuration);
        using var host = SelfHostBuilder.Build(root, configuration, verbose ? null : SelfHostBuilder.WarningsOnly, httpPort: httpPort);
        using var tally = new PipelineTally(host.Services.GetRequiredService<PipelineMeter>());
        await host.Services.GetRequiredService<StorageClients>().EnsureCreatedAsync(ct);
        await DemoData.PrepareAsync(host.Services, root, line.Flag("demo"), output, ct);
        if (!skipInitialCheck)
        {
            await StandInForMissedRunAsync(host, configuration);
        }

        await host.StartAsync(ct);
        output.WriteLine($"HeatRelief self-host started: weather '{configuration["Weather:Source"] ?? "recorded"}', official warnings '{configuration["Warnings:Source"] ?? "none"}', heat check schedule '{configuration[FunctionNames.HeatCheckScheduleSetting]}'.");
        if (httpPort is { } port)
        {
            output.WriteLine(Addresses(port, configuration));
        }

        var failed = false;
        try
        {
            if (!skipInitialCheck)
            {
                try
                {
                    await CallerReportsFailure.RunAsync(() => RunHeatCheckAsync(host, ct));
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // One line, never a crash: --once reports it and exits 1 after the summary; a running host
                    // keeps serving and its timer tries again.
                    failed = true;
                    error.WriteLine($"error: {HeatCheckFailure.Describe(ex, host.Services.GetRequiredService<AdminNotices>().Admins.Count > 0)}{(once ? string.Empty : "; still serving, the timer checks again on schedule")}");
                    if (verbose)
                    {
                        error.WriteLine(ex.ToString());
                    }
                }
            }

            if (once)
            {
                var drained = await DrainAsync(host, drainTimeout, ct);
                output.WriteLine($"Summary: {tally.Line()}");
                await WaitingNoteAsync(host, output, ct);
                if (!drained)
                {
                    output.WriteLine($"Queues did not drain within {drainTimeout.TotalSeconds:0} s.");
                    return 1;
                }

                return failed ? 1 : 0;
            }

            var last = string.Empty;
            while (!ct.IsCancellationRequested)
            {
                var now = tally.Line();
                if (now != last)
                {
                    output.WriteLine($"[{host.Services.GetRequiredService<Audit.LocalTimeText>().Time(host.Services.GetRequiredService<TimeProvider>().GetUtcNow(), "en")}] {now}");
                    last = now;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }

            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            output.WriteLine($"Stopping. {tally.Line()}");
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Where a person finds the running host: the API, the dashboard and (when on) the development sign-in.</summary>
    public static string Addresses(int port, IConfiguration configuration)
    {
        var origin = $"http://localhost:{port}";
        var line = $"API {origin}/{ApiRoutes.Prefix}/ · dashboard {origin}/{ApiRoutes.Prefix}/dashboard";
        return configuration.GetValue<bool>($"{AuthOptions.SectionName}:{nameof(AuthOptions.DevelopmentSignIn)}")
            ? $"{line} · sign-in {origin}{DevelopmentSignIn.Path}"
            : $"{line} · development sign-in off (Auth__DevelopmentSignIn)";
    }

    /// <summary>
    /// The check run at start stands in for a run the timer missed while the host was down: without this, the
    /// timer's schedule monitor would also fire a past-due run at start, and the check would run twice.
    /// </summary>
    public static async Task StandInForMissedRunAsync(IHost host, IConfiguration configuration)
    {
        var schedule = NCrontab.CrontabSchedule.Parse(configuration[FunctionNames.HeatCheckScheduleSetting] ?? "0 0 * * * *", new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });
        // The WebJobs timer judges "past due" by the system clock, so the stand-in is written by the same clock.
        var now = TimeProvider.System.GetLocalNow().DateTime;
        await host.Services.GetRequiredService<ScheduleMonitor>().UpdateStatusAsync(HeatCheckTimerName,
            new ScheduleStatus { Last = now, Next = schedule.GetNextOccurrence(now), LastUpdated = now });
    }

    /// <summary>The name the WebJobs timer gives the heat check's schedule status: the method's full name.</summary>
    public static string HeatCheckTimerName => $"{typeof(Functions.HeatCheckJob).FullName}.{nameof(Functions.HeatCheckJob.Run)}";

    /// <summary>Invokes the heat-check function through the job host, as its timer would.</summary>
    public static Task RunHeatCheckAsync(IHost host, CancellationToken ct) =>
        host.Services.GetRequiredService<IJobHost>().CallAsync(FunctionNames.HeatCheck,
            new Dictionary<string, object?> { ["timer"] = new TimerInfo(new CronSchedule(NCrontab.CrontabSchedule.Parse("0 0 * * * *", new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true })), new ScheduleStatus(), false) },
            ct);

    /// <summary>Waits until no handler is running and no triggered queue has a visible message, several checks in a row.</summary>
    public static async Task<bool> DrainAsync(IHost host, TimeSpan timeout, CancellationToken ct)
    {
        var activity = host.Services.GetRequiredService<PipelineActivity>();
        var clients = host.Services.GetRequiredService<StorageClients>();
        var queues = new List<QueueClient>();
        foreach (var name in DrainedQueues)
        {
            queues.Add(await clients.QueueAsync(name, ct));
        }

        var deadline = DateTimeOffset.UtcNow + timeout;
        var quiet = 0;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var busy = activity.Active > 0;
            foreach (var queue in queues)
            {
                if (busy)
                {
                    break;
                }

                var peeked = await queue.PeekMessagesAsync(1, ct);
                busy = peeked.Value.Length > 0;
            }

            // Several quiet looks spanning more than the polling interval: a message taken off a queue but
            // not yet handed to a handler is invisible and not yet counted as active.
            quiet = busy ? 0 : quiet + 1;
            if (quiet >= 6)
            {
                return true;
            }

            await Task.Delay(500, ct);
        }

        return false;
    }

    private static async Task WaitingNoteAsync(IHost host, TextWriter output, CancellationToken ct)
    {
        var clients = host.Services.GetRequiredService<StorageClients>();
        var notes = new List<string>();
        foreach (var name in QueueNames.All.Concat(QueueNames.All.Select(QueueNames.Poison)))
        {
            var queue = await clients.QueueAsync(name, ct);
            var count = (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
            if (count > 0)
            {
                notes.Add($"{name} {count}");
            }
        }

        if (notes.Count > 0)
        {
            output.WriteLine($"Still on queues (deferred until quiet hours end, waiting for a consumer, or poison): {string.Join(", ", notes)}.");
        }
    }
}

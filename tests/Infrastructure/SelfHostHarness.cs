using HeatRelief.SelfHost.Cli;
using HeatRelief.SelfHost.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using HeatRelief.Storage;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>The real self-host (WebJobs SDK, timers, queue listeners) on a storage account of its own, or on one it shares with other hosts.</summary>
public sealed class SelfHostHarness : IAsyncDisposable
{
    private bool _started;

    private SelfHostHarness(IHost host, FakeTimeProvider clock, string account, int? httpPort)
    {
        Host = host;
        Clock = clock;
        Account = account;
        BaseAddress = httpPort is { } port ? new Uri($"http://127.0.0.1:{port}/") : null;
    }

    /// <summary>Where the HTTP routes are served, when the harness was created with <c>http: true</c>.</summary>
    public Uri? BaseAddress { get; }

    public IHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public string Account { get; }

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>
    /// Builds (not starts) a host; fast queue retries so poison tests finish in seconds. With <paramref name="http"/>
    /// it serves the API on a free port, and one-tap links point there. With <paramref name="account"/> (another
    /// harness's <see cref="Account"/>) it shares that account: several hosts on one set of tables and queues.
    /// </summary>
    public static SelfHostHarness Create(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null, DateTimeOffset? now = null, bool http = false, Action<ILoggingBuilder>? logging = null, string? account = null)
    {
        int? httpPort = http ? FreePorts.Next() : null;
        account ??= azurite.RentAccount();
        var values = TestServices.BaseSettings(azurite.ConnectionString(account), prefix: null);
        values["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00";
        values["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500";
        if (httpPort is { } port)
        {
            // One-tap links in notifications then point at this host, so a test can follow them.
            values["Visits:PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var host = SelfHostBuilder.Build(TestPaths.Root, configuration,
            logging ?? (l => l.AddFilter((_, level) => level >= LogLevel.Error)),
            s => s.AddSingleton<TimeProvider>(clock),
            httpPort);
        return new SelfHostHarness(host, clock, account, httpPort);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        await Get<Storage.StorageClients>().EnsureCreatedAsync(ct);
        await Host.StartAsync(ct);
        _started = true;
    }

    /// <summary>Imports the demo sites, recipients and officers of <c>samples/</c>.</summary>
    public async Task ImportSamplesAsync(CancellationToken ct)
    {
        var importer = Get<Sites.CsvImporter>();
        await importer.ImportSitesAsync(Path.Combine(TestPaths.Samples, "sites.csv"), ct);
        await importer.ImportRecipientsAsync(Path.Combine(TestPaths.Samples, "recipients.csv"), ct);
        await importer.ImportOfficersAsync(Path.Combine(TestPaths.Samples, "officers.csv"), ct);
    }

    /// <summary>Runs the heat-check function through the job host, then waits for the queues to drain.</summary>
    public async Task HeatCheckAndDrainAsync(CancellationToken ct)
    {
        await RunCommand.RunHeatCheckAsync(Host, ct);
        (await RunCommand.DrainAsync(Host, TimeSpan.FromSeconds(90), ct)).ShouldBeTrue("the queues did not drain");
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            // Wait for the functions still running to finish: a host disposed under a running function (the stop gave
            // up after 10 s on a busy machine) disposes the logger factory the function logs its completion to, and the
            // WebJobs exception handler then kills the whole test process (ObjectDisposedException 'LoggerFactory').
            try
            {
                await Host.StopAsync(TimeSpan.FromMinutes(3));
            }
            catch (OperationCanceledException)
            {
            }
        }

        Host.Dispose();
    }
}

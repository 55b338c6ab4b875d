using HeatRelief.Application;
using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>The shared services wired to a test's own tables and queues in Azurite, with a fake clock.</summary>
public sealed partial class TestServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    /// <param name="configure">Registrations after the shared ones, as a host's own (the Functions app's principal reader).</param>
    public TestServices(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null, DateTimeOffset? now = null, string? account = null, Action<IServiceCollection>? configure = null)
    {
        Prefix = azurite.NewPrefix();
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero));
        var values = BaseSettings(azurite.ConnectionString(account ?? AzuriteFixture.DefaultAccount), account is null ? Prefix : null);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddHeatRelief(Configuration);
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string Prefix { get; }

    public FakeTimeProvider Clock { get; }

    public IConfiguration Configuration { get; }

    public IServiceProvider Provider => _provider;

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Settings every test starts from: its own storage names, the bundled recording, fast webhooks.</summary>
    public static Dictionary<string, string?> BaseSettings(string connectionString, string? prefix) => new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        [$"{StorageOptions.SectionName}:{nameof(StorageOptions.TablePrefix)}"] = prefix ?? string.Empty,
        [$"{StorageOptions.SectionName}:{nameof(StorageOptions.QueuePrefix)}"] = prefix is null ? string.Empty : prefix + "-",
        ["Weather:Source"] = "recorded",
        ["Weather:RecordingPath"] = TestPaths.Recording,
        // Once a year (1 January, 00:00): a test's self-host never runs a timer of its own at a real hour or
        // five-minute mark, in the middle of what the test counts (the weather-outage test once saw 8 requests for 4
        // that way). Tests run the heat check and the reassignment explicitly.
        [FunctionNames.HeatCheckScheduleSetting] = "0 0 0 1 1 *",
        [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
        ["Visits:LinkSigningKey"] = LinkSigningKey,
        ["Visits:AdminRecipients"] = string.Empty,
        ["Auth:DevelopmentSignIn"] = "true",
        ["Auth:DevelopmentSigningKey"] = DevelopmentSigningKey,
        // The tests' webhook sinks listen on loopback, which webhooks may reach only when allowed.
        ["Webhook:AllowedPrivateTargets"] = "127.0.0.1/32",
        ["Webhook:SigningSecret"] = WebhookSigningSecret,
    };

    /// <summary>Takes every visible message off one of the app's queues, as the host would, returning the bodies.</summary>
    public async Task<List<string>> DrainAsync(string queue, CancellationToken ct)
    {
        var client = await Get<StorageClients>().QueueAsync(queue, ct);
        var bodies = new List<string>();
        while (true)
        {
            var batch = (await client.ReceiveMessagesAsync(32, cancellationToken: ct)).Value;
            if (batch.Length == 0)
            {
                return bodies;
            }

            foreach (var m in batch)
            {
                bodies.Add(m.Body.ToString());
                await client.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
            }
        }
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

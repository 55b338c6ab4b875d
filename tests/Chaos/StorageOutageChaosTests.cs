using System.Diagnostics;
using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Bench.Data;
using HeatRelief.Delivery;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

using static HeatRelief.Tests.Chaos.ChaosChecks;
using HeatRelief.HeatCheck;

namespace HeatRelief.Tests.Chaos;

/// <summary>
/// Storage goes away for a minute while the self-host (a real process) is sending: every connection to
/// blobs, queues and tables is dropped, far longer than the storage client's retries last. The queue listeners'
/// completions and receives fail meanwhile; the process must ride it out and finish once storage is back:
/// still running, every recipient delivered, a second send only with the same idempotency key.
/// </summary>
public sealed class StorageOutageChaosTests(AzuriteFixture azurite)
{
    private const int Sites = 20;
    private const int RecipientsPerSite = 50;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task SelfHost_StorageDownAMinuteMidFanOut_StaysUpAndDeliversEveryone()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var account = azurite.RentAccount();
        await using var sink = await WebhookSink.StartAsync();
        await using var proxy = await StorageProxy.StartAsync(azurite);
        proxy.ReceiveVisibility = TimeSpan.FromSeconds(15);
        var sinkBase = $"http://127.0.0.1:{sink.Port}";

        // Slowish receivers and small batches keep a steady flow of chunks finishing, so the outage catches
        // handlers mid-chunk and listeners deleting or releasing the messages of the chunks that ended.
        sink.Delay = TimeSpan.FromMilliseconds(200);

        var recording = RedTodayRecording();
        var shared = new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
        };
        await using var seed = await SeedAsync(azurite, account, shared, Sites, RecipientsPerSite, sinkBase, DateTimeOffset.UtcNow, ct);
        var check = await seed.Get<HeatCheckService>().RunAsync("chaos-outage", ct);
        check.Enqueued.ShouldBe(Sites);

        // Everything the host touches goes through the proxy: its functions' tables and queues, its listeners, its timers' blobs.
        var settings = HostSettings(proxy.ConnectionString(azurite, account, sas: true), recording);
        settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:01";
        settings["AzureFunctionsJobHost:extensions:queues:batchSize"] = "2";
        settings["AzureFunctionsJobHost:extensions:queues:newBatchThreshold"] = "1";
        var expected = Sites * RecipientsPerSite;
        using var host = StartHost(settings, "run", "--no-initial-check");
        await host.WaitStartedAsync(TimeSpan.FromSeconds(60), ct);

        // Storage goes down once the fan-out is well under way, with chunks in flight.
        await WaitForAsync(() => Task.FromResult(Distinct(sink) >= expected / 5), TimeSpan.FromMinutes(2), host, ct);
        var sentBefore = Distinct(sink);
        proxy.Down = true;
        await Task.Delay(Outage, ct);
        proxy.Down = false;
        var dropped = proxy.Dropped;
        var sentDuring = Distinct(sink) - sentBefore;
        ChaosReport.Line($"storage down {Outage.TotalSeconds:0} s after {sentBefore} sends: {dropped} requests dropped, {sentDuring} sends meanwhile; host alive: {!host.HasExited}");
        host.HasExited.ShouldBeFalse($"the self-host died during the storage outage:\n{host.Output}");

        await WaitForAsync(() => Task.FromResult(Distinct(sink) >= expected), TimeSpan.FromMinutes(4), host, ct);
        await WaitForAsync(() => QueuesEmptyAsync(seed, ct), TimeSpan.FromMinutes(2), host, ct);
        host.HasExited.ShouldBeFalse($"the self-host died after the storage outage:\n{host.Output}");

        // Every recipient: one Delivered record; a repeated send carries the same key.
        var alerts = await seed.Get<AlertStore>().ListAsync(Alert.DateKeyOf(DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime)), ct);
        alerts.Count.ShouldBe(Sites);
        var records = await DeliveredOnceAsync(seed, alerts.Select(a => a.Alert), expected, ct);
        var byRecipient = SendsByRecipient(sink, alerts.Select(a => a.Alert), expected);
        var sends = byRecipient.Values.Sum(c => c.Count);
        var handled = host.Output.Split('\n').Count(l => l.Contains("StorageFailureRiddenOut", StringComparison.Ordinal));
        ChaosReport.Line($"storage outage: recipients {byRecipient.Count}, delivery records {records.Count} (all Delivered), lost 0, sent twice {byRecipient.Values.Count(g => g.Count > 1)} "
            + $"({sends - byRecipient.Count} extra sends, same key); background storage failures logged and ridden out {handled}; queues empty; host alive; {clock.Elapsed.TotalSeconds:0} s");
    }
}

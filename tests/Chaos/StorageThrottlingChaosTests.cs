using System.Diagnostics;
using Azure;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Bench.Data;
using HeatRelief.Delivery;
using HeatRelief.Messaging;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

using static HeatRelief.Tests.Chaos.ChaosChecks;

namespace HeatRelief.Tests.Chaos;

/// <summary>
/// Storage throttles: every 10th operation of the self-host (tables, queues, blobs, the queue listeners' own
/// receives and deletes) is answered 503 Server Busy one to three times, which the client's retries ride out,
/// and every 97th four times, which reaches the code: the queue retries the message, or a timer function's
/// next run repairs. At the end nothing is lost: every recipient delivered once, every visit assigned, no
/// queue holding anything.
/// </summary>
public sealed class StorageThrottlingChaosTests(AzuriteFixture azurite)
{
    private const int Sites = 20;
    private const int RecipientsPerSite = 50;
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task Pipeline_StorageThrottlesOperations_EveryRecipientOnceEveryVisitAssigned()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var seed = ChaosReport.Seed();
        var account = azurite.RentAccount();
        await using var sink = await WebhookSink.StartAsync();
        var sinkBase = $"http://127.0.0.1:{sink.Port}";
        await using var proxy = await StorageProxy.StartAsync(azurite);
        proxy.ReceiveVisibility = TimeSpan.FromSeconds(15);
        var recording = ChaosChecks.RedTodayRecording(Today);
        var settings = new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
            ["Visits:MaxDistanceKm"] = BenchData.MaxDistanceKm,

            // An alert queued twice (a heat check that failed after its put and before its "queued" mark, and whose next
            // run re-queues it as an orphan) can find the other message's in-line claims live: it is sent back until
            // their lease ends, a real queue delay of the lease (600 s by default), past this test's wait. The lease is
            // on the host's clock, which the timer reruns move an hour on anyway.
            ["Storage:ChunkClaimLeaseSeconds"] = "15",
        };

        // The data goes in and is checked straight through Azurite; only the host under test is throttled.
        await using var direct = await ChaosChecks.SeedAsync(azurite, account, settings, Sites, RecipientsPerSite, sinkBase, now: null, ct);

        // Throttling starts once the host runs: a host that cannot create its tables at start exits, and its
        // supervisor (a container, or the Functions platform) starts it again.
        await using var harness = SelfHostHarness.Create(azurite,
            new Dictionary<string, string?>(settings) { ["AzureWebJobsStorage"] = proxy.ConnectionString(azurite, account, sas: true) }, account: account);
        await harness.StartAsync(ct);
        proxy.Throttle(everyNthOperation: 10, beyondRetriesEveryNth: 97, seed);

        // A timer function that fails on storage runs again on its next tick (here: at once, the clock an hour on).
        var heatChecks = await TimerRunsAsync("heat check", () => RunCommand.RunHeatCheckAsync(harness.Host, ct), () => harness.Clock.Advance(TimeSpan.FromHours(1)));

        var expected = Sites * RecipientsPerSite;
        await WaitForAsync(async () => Distinct(sink) >= expected && await QueuesEmptyAsync(direct, ct) && harness.Get<PipelineActivity>().Active == 0, TimeSpan.FromMinutes(4), ct,
            async () => $"{Distinct(sink)} of {expected} recipients reached, handlers running {harness.Get<PipelineActivity>().Active}, queues holding messages: {await QueueCountsAsync(direct, ct)}");

        // A visit whose offer a throttled write interrupted waits for its claim lease and the reassignment timer.
        var dateKey = Alert.DateKeyOf(Today);
        var waiting = (await direct.Get<VisitStore>().ListAsync(dateKey, [], ct)).Count(a => a.Value.Status != VisitStatus.Assigned);
        var reassignments = 0;
        if (waiting > 0)
        {
            harness.Clock.Advance(VisitAssigner.ClaimLease + TimeSpan.FromSeconds(30));
            reassignments = await TimerRunsAsync("reassignment", () => harness.Get<ReassignmentService>().RunAsync(ct), () => harness.Clock.Advance(VisitAssigner.ClaimLease + TimeSpan.FromSeconds(1)));
        }

        var alerts = await direct.Get<AlertStore>().ListAsync(dateKey, ct);
        alerts.Count.ShouldBe(Sites);
        var records = await ChaosChecks.DeliveredOnceAsync(direct, alerts.Select(a => a.Alert), expected, ct);
        var byRecipient = ChaosChecks.SendsByRecipient(sink, alerts.Select(a => a.Alert), expected);
        var sends = byRecipient.Values.Sum(c => c.Count);
        var repeated = byRecipient.Values.Count(g => g.Count > 1);

        var visits = await direct.Get<VisitStore>().ListAsync(dateKey, [], ct);
        visits.Count.ShouldBe(Sites);
        visits.ShouldAllBe(v => v.Value.Status == VisitStatus.Assigned);
        (await QueuesEmptyAsync(direct, ct)).ShouldBeTrue("no queue or poison queue holds anything");

        var (operations, throttled, beyondRetries, rejections) = proxy.ThrottleCounts;
        throttled.ShouldBeGreaterThan(0);
        ChaosReport.Line($"storage throttling: {operations} operations, {throttled} throttled ({rejections} answers 503), {beyondRetries} of them beyond the client's {StorageProxy.ClientRetries} retries; "
            + $"heat check runs {heatChecks}, reassignment runs {reassignments}; recipients {byRecipient.Count}, delivery records {records.Count} (all Delivered), lost 0, sent twice {repeated} ({sends - byRecipient.Count} extra sends, same key); "
            + $"visits assigned {visits.Count} ({waiting} after the reassignment run); queues empty; {clock.Elapsed.TotalSeconds:0} s");
    }

    [Fact]
    public async Task StorageClients_FirstCreateThrottledBeyondRetries_NextUseTriesAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await StorageProxy.StartAsync(azurite);
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = proxy.ConnectionString(azurite, AzuriteFixture.DefaultAccount, sas: false),
        });
        var clients = services.Get<StorageClients>();

        proxy.Throttle(everyNthOperation: 0, beyondRetriesEveryNth: 1, seed: 0);
        (await Should.ThrowAsync<RequestFailedException>(() => clients.TableAsync(TableNames.Alerts, ct))).Status.ShouldBe(503);
        proxy.Throttle(everyNthOperation: 0, beyondRetriesEveryNth: 0, seed: 0);

        // A worker that first touches a table during a throttling burst must not keep that failure for its lifetime.
        (await clients.TableAsync(TableNames.Alerts, ct)).Name.ShouldEndWith(TableNames.Alerts);
        (await clients.QueueAsync(QueueNames.Alerts, ct)).Name.ShouldEndWith(QueueNames.Alerts);
    }

    /// <summary>Runs a timer function until it gets through the throttling; returns how many runs it took.</summary>
    private static async Task<int> TimerRunsAsync(string name, Func<Task> run, Action nextTick)
    {
        for (var runs = 1; ; runs++)
        {
            try
            {
                await run();
                return runs;
            }
            catch (Exception ex) when (runs < 10 && Throttled(ex))
            {
                ChaosReport.Line($"{name} run {runs} failed on throttling; the next tick runs it again");
                nextTick();
            }
        }
    }

    private static bool Throttled(Exception ex) =>
        ex is RequestFailedException { Status: 503 } || (ex.InnerException is { } inner && Throttled(inner));

    private static async Task WaitForAsync(Func<Task<bool>> done, TimeSpan timeout, CancellationToken ct, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quiet = 0;
        while (quiet < 4)
        {
            quiet = await done() ? quiet + 1 : 0;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not done within {timeout.TotalSeconds:0} s." + (state is null ? string.Empty : $" {await state()}"));
            }

            await Task.Delay(500, ct);
        }
    }
}

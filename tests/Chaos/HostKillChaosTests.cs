using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Visits;
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
/// The self-host as a real process, SIGKILLed at random points of a 10,000-recipient fan-out and restarted each
/// time: every recipient ends with one Delivered record, a second send only where a kill caught the claim
/// unsettled (and then with the same idempotency key), and no queue holds anything at the end.
/// </summary>
public sealed class HostKillChaosTests(AzuriteFixture azurite)
{
    private const int Sites = 100;
    private const int RecipientsPerSite = 100;
    private const int Kills = 4;

    // Longer than any handler here takes, so a live host never loses a message it is still working on.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task SelfHost_KilledFourTimesDuringTenThousandSends_EveryRecipientOnceNothingStranded()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var random = new Random(ChaosReport.Seed());
        var account = azurite.RentAccount();
        await using var sink = await WebhookSink.StartAsync();
        await using var proxy = await StorageProxy.StartAsync(azurite);
        proxy.ReceiveVisibility = Lease;
        var sinkBase = $"http://127.0.0.1:{sink.Port}";

        // Red today (41 C) everywhere, nothing tomorrow: one alert per site.
        var recording = RedTodayRecording();
        var shared = new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
            ["Visits:MaxDistanceKm"] = BenchData.MaxDistanceKm,
        };
        await using var seed = await SeedAsync(azurite, account, shared, Sites, RecipientsPerSite, sinkBase, DateTimeOffset.UtcNow, ct);
        var check = await seed.Get<HeatCheckService>().RunAsync("chaos-kill", ct);
        check.Enqueued.ShouldBe(Sites);
        ChaosReport.Line($"seeded {Sites} sites x {RecipientsPerSite} recipients, {check.Enqueued} alerts queued in {clock.Elapsed.TotalSeconds:0.0} s");

        var settings = HostSettings(proxy.ConnectionString(azurite, account, sas: true, queuesOnly: true), recording);
        settings["Visits:MaxDistanceKm"] = BenchData.MaxDistanceKm;

        // Kill points: one by time soon after a start (the fan-out is running), the rest by sends received.
        var thresholds = Enumerable.Range(0, Kills - 1).Select(_ => random.Next(500, 9000)).Order().ToList();
        var inFlightAtKills = new HashSet<string>(StringComparer.Ordinal);
        var kills = 0;
        for (var k = 0; k < Kills; k++)
        {
            using var host = StartHost(settings, "run", "--no-initial-check");
            await host.WaitStartedAsync(TimeSpan.FromSeconds(60), ct);
            if (k == 0)
            {
                await Task.Delay(random.Next(200, 1500), ct);
            }
            else
            {
                await WaitForAsync(() => Task.FromResult(Distinct(sink) >= thresholds[k - 1]), TimeSpan.FromMinutes(3), host, ct);
                await Task.Delay(random.Next(0, 300), ct);
            }

            host.Kill();
            kills++;
            var sending = await SendingAsync(seed, ct);
            inFlightAtKills.UnionWith(sending);
            ChaosReport.Line($"kill {kills} at {clock.Elapsed.TotalSeconds:0.0} s: {sink.Calls.Count} sends received ({Distinct(sink)} distinct), {sending.Count} claims left unsettled");
        }

        // The last host finishes the work, including what the killed ones held (back after the lease).
        using (var last = StartHost(settings, "run", "--no-initial-check"))
        {
            await last.WaitStartedAsync(TimeSpan.FromSeconds(60), ct);
            await WaitForAsync(() => Task.FromResult(Distinct(sink) >= Sites * RecipientsPerSite), TimeSpan.FromMinutes(4), last, ct);
            await WaitForAsync(() => QueuesEmptyAsync(seed, ct), TimeSpan.FromMinutes(2), last, ct);
        }

        // Every recipient: one Delivered record of its site's alert.
        var alerts = await seed.Get<AlertStore>().ListAsync(Alert.DateKeyOf(DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime)), ct);
        alerts.Count.ShouldBe(Sites);
        alerts.ShouldAllBe(a => a.Progress.FanOutCompleted);
        var records = await DeliveredOnceAsync(seed, alerts.Select(a => a.Alert), Sites * RecipientsPerSite, ct);

        // Every send carried the recipient's one key; a recipient sent twice carried the same key twice, and
        // was claimed but unsettled when a host was killed.
        var byRecipient = SendsByRecipient(sink, alerts.Select(a => a.Alert), Sites * RecipientsPerSite);
        var sends = byRecipient.Values.Sum(c => c.Count);
        var duplicated = byRecipient.Where(r => r.Value.Count > 1).Select(r => r.Key).ToList();
        duplicated.Where(r => !inFlightAtKills.Contains(r)).ShouldBeEmpty("only a recipient whose claim a kill left unsettled may be sent twice");
        var extraSends = sends - byRecipient.Count;

        // A visit a killed host was offering stays claimed for the claim lease; the reassignment timer's next
        // run after it (every 5 minutes in production; here in-process on a clock past the lease) offers it.
        var dateKey = alerts[0].Alert.DateKey;
        var claimedAtEnd = (await seed.Get<VisitStore>().ListAsync(dateKey, [], ct)).Count(a => a.Value.Status == VisitStatus.Pending);
        seed.Clock.SetUtcNow(DateTimeOffset.UtcNow + VisitAssigner.ClaimLease + TimeSpan.FromSeconds(30));
        var reassigned = await seed.Get<ReassignmentService>().RunAsync(ct);
        reassigned.Offered.ShouldBe(claimedAtEnd);

        // Every visit assigned once; the officers' offers are idempotent too.
        var visits = await seed.Get<VisitStore>().ListAsync(dateKey, [], ct);
        visits.Count.ShouldBe(Sites);
        visits.ShouldAllBe(a => a.Value.Status == VisitStatus.Assigned);
        var offers = sink.Calls.Where(c => c.Path.StartsWith("/officers/", StringComparison.Ordinal)).ToList();
        var offerKeys = offers.Select(c => c.IdempotencyKey).Distinct().Count();
        offerKeys.ShouldBe(Sites);

        (await QueuesEmptyAsync(seed, ct)).ShouldBeTrue("no queue or poison queue holds anything");
        var (requests, _, shortened) = proxy.Counts;
        ChaosReport.Line($"kills {kills}; recipients {byRecipient.Count}, delivery records {records.Count} (all Delivered), lost 0; "
            + $"sends {sends}: {duplicated.Count} recipients sent twice or more ({extraSends} extra sends, all with the same key), "
            + $"{inFlightAtKills.Count} claims unsettled at the kills; visits assigned {visits.Count} ({claimedAtEnd} of them by the reassignment run after the claim lease), offers {offers.Count} ({offers.Count - offerKeys} repeated); "
            + $"queues empty; queue requests {requests}, receives asked visibility {string.Join(", ", proxy.ReceiveVisibilitiesAsked.Select(v => $"{v.Key} s x{v.Value}"))}, given {Lease.TotalSeconds:0} s ({shortened}); "
            + $"{clock.Elapsed.TotalSeconds:0} s");
    }
}

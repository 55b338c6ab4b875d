using System.Diagnostics;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Bench.Data;
using HeatRelief.Delivery;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.Heat;

namespace HeatRelief.Tests.Chaos;

/// <summary>
/// Two self-hosts on one storage account run the heat check at the same moment, three times (raise orange,
/// escalate to red, clear): each alert exists and is queued once, each visit once, each recipient gets each
/// alert once.
/// </summary>
public sealed class ConcurrentHeatCheckChaosTests(AzuriteFixture azurite)
{
    private const int Sites = 20;
    private const int RecipientsPerSite = 5;
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task HeatCheck_TwoHostsAtOnceThreeTimes_NoDuplicateAlertVisitOrSend()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        await using var sink = await WebhookSink.StartAsync();
        var sinkBase = $"http://127.0.0.1:{sink.Port}";
        var recording = Path.Combine(TestPaths.NewTempFolder(), "forecast.json");
        // The test runs each heat check itself and moves the fake clock an hour per round, so the offers of round
        // one are past their accept deadline (60 minutes) from round two on. The timers run on the wall clock: on a
        // slow machine the test spans a 5-minute reassignment tick (or an hourly heat check), which then rightly
        // expires the offers and re-offers each visit to the next officer (offers 40, not 20). Both timers are off.
        var settings = new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
            ["Visits:MaxDistanceKm"] = BenchData.MaxDistanceKm,
            [Triggers.FunctionNames.HeatCheckScheduleSetting] = "0 0 0 1 1 *",
            [Triggers.FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
        };
        await using var hostA = SelfHostHarness.Create(azurite, settings);
        await using var hostB = SelfHostHarness.Create(azurite, settings, account: hostA.Account);
        var directory = hostA.Get<SiteDirectory>();
        await directory.UpsertSitesAsync(BenchData.Sites(Sites), ct);
        for (var s = 0; s < Sites; s++)
        {
            await directory.UpsertRecipientsAsync(BenchData.Recipients(s, RecipientsPerSite, sinkBase), ct);
        }

        await directory.UpsertOfficersAsync(BenchData.Officers(Sites, sinkBase), ct);
        await hostA.StartAsync(ct);
        await hostB.StartAsync(ct);

        // Orange (37.5 C), then red (41 C), then cool (30 C): raised, escalated, cleared.
        var rounds = new[] { (37.5, AlertKind.Raised), (41.0, AlertKind.Escalated), (30.0, AlertKind.Cleared) };
        foreach (var (maxC, _) in rounds)
        {
            await File.WriteAllTextAsync(recording, ForecastBuilder.Json(Today, new ForecastBuilder.Location(39.8, 116.3, [maxC, 30.0, 30.0])), ct);
            hostA.Clock.Advance(TimeSpan.FromHours(1));
            hostB.Clock.Advance(TimeSpan.FromHours(1));
            await Task.WhenAll(RunHeatCheckAsync(hostA, ct), RunHeatCheckAsync(hostB, ct));
            await Task.WhenAll(RunCommand.DrainAsync(hostA.Host, TimeSpan.FromSeconds(90), ct), RunCommand.DrainAsync(hostB.Host, TimeSpan.FromSeconds(90), ct));
        }

        var alerts = await hostA.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct);
        alerts.Count.ShouldBe(Sites * rounds.Length, "one alert per site and round");
        foreach (var (_, kind) in rounds)
        {
            alerts.Count(a => a.Alert.Kind == kind).ShouldBe(Sites);
        }

        alerts.Where(a => !a.Progress.Enqueued || !a.Progress.FanOutCompleted).Select(a => $"{a.Alert.Id} enqueued={a.Progress.Enqueued} fannedOut={a.Progress.FanOutCompleted}").ShouldBeEmpty();
        var queuedAudits = 0;
        foreach (var kind in new[] { AuditKinds.AlertRaised, AuditKinds.AlertEscalated, AuditKinds.AlertCleared })
        {
            var audits = await VisitScenario.AuditAsync(hostA.Host.Services, kind, ct);
            audits.Count.ShouldBe(Sites, $"each {kind} alert queued by one host only");
            queuedAudits += audits.Count;
        }

        // Each recipient: one send per alert, and one delivery record.
        var sends = sink.Calls.Where(c => c.Path.StartsWith("/hooks/", StringComparison.Ordinal)).ToList();
        sends.Select(c => c.IdempotencyKey).ShouldBeUnique();
        sends.Count.ShouldBe(Sites * RecipientsPerSite * rounds.Length);
        var records = 0;
        foreach (var (alert, _) in alerts)
        {
            var rows = await hostA.Get<DeliveryStore>().ListAsync(alert.Id, ct);
            rows.Count.ShouldBe(RecipientsPerSite);
            rows.ShouldAllBe(r => r.Status == DeliveryStatus.Delivered);
            records += rows.Count;
        }

        // One visit per site and day, offered once.
        var visits = await hostA.Get<VisitStore>().ListAsync(Alert.DateKeyOf(Today), [], ct);
        visits.Count.ShouldBe(Sites);
        visits.ShouldAllBe(v => v.Value.Status == VisitStatus.Assigned && v.Value.Level == Heat.HeatLevel.Red);
        var offers = sink.Calls.Where(c => c.Path.StartsWith("/officers/", StringComparison.Ordinal)).ToList();
        offers.Select(c => c.IdempotencyKey).ShouldBeUnique();
        (await VisitScenario.AuditAsync(hostA.Host.Services, AuditKinds.VisitExpired, ct)).Count.ShouldBe(0, "no offer expired: the test alone moves the clock");
        offers.Count.ShouldBe(Sites);
        ChaosReport.Line($"two hosts, {rounds.Length} concurrent heat checks each: alerts {alerts.Count} (expected {Sites * rounds.Length}), queued {queuedAudits}, "
            + $"sends {sends.Count} ({sends.Count - sends.Select(c => c.IdempotencyKey).Distinct().Count()} repeated), delivery records {records}, visits {visits.Count}, offers {offers.Count} (0 repeated); {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static Task RunHeatCheckAsync(SelfHostHarness host, CancellationToken ct) => Task.Run(() => RunCommand.RunHeatCheckAsync(host.Host, ct), ct);
}

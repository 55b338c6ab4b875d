using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Bench.Data;
using HeatRelief.Delivery;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

using static HeatRelief.Tests.Chaos.ChaosChecks;

namespace HeatRelief.Tests.Chaos;

/// <summary>
/// The self-host as a real process, SIGKILLed during its start-up heat check (while it queues the alerts) and
/// restarted at once, several times: within two minutes of the last restart every alert is queued, fanned out
/// and delivered to each recipient once, each visit requested, and each alert has its one <c>alert.raised</c>
/// record, which was already written whenever a kill found one of its notifications sent.
/// </summary>
public sealed class HeatCheckKillChaosTests(AzuriteFixture azurite)
{
    private const int Sites = 200;
    private const int RecipientsPerSite = 2;
    private const int Kills = 3;

    // The bound promised in docs/RELIABILITY.md: everything done this long after the last restart.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    // Longer than any handler here takes, so a live host never loses a message it is still working on.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task SelfHost_KilledDuringHeatCheckAndRestarted_EveryAlertQueuedFannedOutAndAuditedWithinTwoMinutes()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var random = new Random(ChaosReport.Seed());
        var account = azurite.RentAccount();
        await using var sink = await WebhookSink.StartAsync();
        await using var proxy = await StorageProxy.StartAsync(azurite);
        proxy.ReceiveVisibility = Lease;
        var sinkBase = $"http://127.0.0.1:{sink.Port}";

        // Red today (41 C) everywhere, nothing later: one alert per site.
        var recording = RedTodayRecording();
        var shared = new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
        };
        await using var seed = await SeedAsync(azurite, account, shared, Sites, RecipientsPerSite, sinkBase, DateTimeOffset.UtcNow, ct);
        ChaosReport.Line($"seeded {Sites} sites x {RecipientsPerSite} recipients in {clock.Elapsed.TotalSeconds:0.0} s");

        // The heat check here is only the one each start runs; timers stay out of the way.
        var settings = HostSettings(proxy.ConnectionString(azurite, account, sas: true, queuesOnly: true), recording);
        var dateKey = Alert.DateKeyOf(DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime));
        var alertStore = seed.Get<AlertStore>();

        var inFlightAtKills = new HashSet<string>(StringComparer.Ordinal);
        var unqueuedAtKills = new List<int>();
        for (var k = 0; k < Kills; k++)
        {
            using var host = StartHost(settings);
            await host.WaitStartedAsync(TimeSpan.FromSeconds(60), ct);
            if (k == 0)
            {
                // The first check: kill once every alert row exists, while the alerts are being queued.
                await WaitForAsync(async () => (await alertStore.ListAsync(dateKey, ct)).Count >= Sites, TimeSpan.FromMinutes(2), host, ct);
                await Task.Delay(random.Next(0, 400), ct);
            }
            else
            {
                // A restart's check: kill it at a random point of its work.
                await Task.Delay(random.Next(300, 2500), ct);
            }

            host.Kill();
            var alerts = await alertStore.ListAsync(dateKey, ct);
            var unqueued = alerts.Count(a => !a.Progress.Enqueued);
            unqueuedAtKills.Add(unqueued);
            inFlightAtKills.UnionWith(await SendingAsync(seed, ct));

            // Whatever reached a worker was audited first: every site sent to so far has its alert.raised record.
            var reached = RecipientCalls(sink).Select(c => SiteOf(c)).ToHashSet(StringComparer.Ordinal);
            var audited = (await VisitScenario.AuditAsync(seed.Provider, AuditKinds.AlertRaised, ct)).Select(e => e.GetString("SiteId")).ToHashSet(StringComparer.Ordinal);
            ChaosReport.Line($"kill {k + 1} at {clock.Elapsed.TotalSeconds:0.0} s: {alerts.Count} alerts, {unqueued} not queued, {reached.Count} sites reached, {audited.Count} alert.raised records");
            reached.Where(s => !audited.Contains(s)).ShouldBeEmpty($"kill {k + 1}: sites whose workers were sent an alert with no alert.raised record");
        }

        // The last start runs undisturbed: everything is done within the bound.
        var lastStart = Stopwatch.StartNew();
        using (var last = StartHost(settings))
        {
            await last.WaitStartedAsync(TimeSpan.FromSeconds(60), ct);
            try
            {
                // Done means marked too: an in-line fan-out marks its alert after the last send, and the heat check marks its
                // alerts queued after their visits, so a full sink can come a moment before the marks on a busy machine.
                await WaitForAsync(async () => Distinct(sink) >= Sites * RecipientsPerSite && await QueuesEmptyAsync(seed, ct)
                    && (await alertStore.ListAsync(dateKey, ct)).All(a => a.Progress.Enqueued && a.Progress.FanOutCompleted), Bound - lastStart.Elapsed, last, ct);
            }
            catch (TimeoutException)
            {
                var alerts = await alertStore.ListAsync(dateKey, ct);
                var audited = (await VisitScenario.AuditAsync(seed.Provider, AuditKinds.AlertRaised, ct)).Count;
                var queuedLines = last.Output.Split('\n').Count(l => l.Contains("queued: Raised", StringComparison.Ordinal));
                ChaosReport.Line($"after {lastStart.Elapsed.TotalSeconds:0} s: {alerts.Count(a => !a.Progress.Enqueued)} alerts not marked queued ({queuedLines} queued by the last host so far), "
                    + $"{alerts.Count(a => !a.Progress.FanOutCompleted)} not fanned out, {Sites * RecipientsPerSite - Distinct(sink)} of {Sites * RecipientsPerSite} notifications not sent, {audited} alert.raised records");
                throw;
            }
        }

        var done = lastStart.Elapsed;
        var final = await alertStore.ListAsync(dateKey, ct);
        final.Count.ShouldBe(Sites, "one alert per site");
        final.Where(a => !a.Progress.Enqueued || !a.Progress.FanOutCompleted).Select(a => a.Alert.Id).ShouldBeEmpty("alerts not queued or not fanned out");

        // Each alert: one alert.raised record (written once, whoever queued it), before any send.
        var raised = await VisitScenario.AuditAsync(seed.Provider, AuditKinds.AlertRaised, ct);
        raised.Select(e => e.GetString("AlertId")).Order(StringComparer.Ordinal).ShouldBe(final.Select(a => a.Alert.Id).Order(StringComparer.Ordinal), "one alert.raised record per alert");

        // Each recipient: one Delivered record, and sent again only with the same key where a kill caught the send.
        var records = await DeliveredOnceAsync(seed, final.Select(a => a.Alert), Sites * RecipientsPerSite, ct);
        var byRecipient = SendsByRecipient(sink, final.Select(a => a.Alert), Sites * RecipientsPerSite);

        var duplicated = byRecipient.Where(r => r.Value.Count > 1).Select(r => r.Key).ToList();
        duplicated.Where(r => !inFlightAtKills.Contains(r)).ShouldBeEmpty("only a recipient whose claim a kill left unsettled may be sent twice");

        // Each site: its visit requested (one visit row for the day).
        var visits = await seed.Get<VisitStore>().ListAsync(dateKey, [], ct);
        visits.Count.ShouldBe(Sites, "one visit per site");

        ChaosReport.Line($"kills {Kills} during the heat check, alerts not queued at each kill: {string.Join(", ", unqueuedAtKills)}; "
            + $"after the last restart all {final.Count} alerts queued and fanned out, {byRecipient.Count} recipients sent, {records.Count} Delivered records, {visits.Count} visits, "
            + $"{raised.Count} alert.raised records; lost 0, late 0 (done {done.TotalSeconds:0} s after the last start, bound {Bound.TotalSeconds:0} s), "
            + $"{duplicated.Count} recipients sent twice (same key, caught mid-send by a kill); {clock.Elapsed.TotalSeconds:0} s");
    }

    private static List<WebhookCall> RecipientCalls(WebhookSink sink) =>
        [.. sink.Calls.Where(c => c.Path.StartsWith("/hooks/", StringComparison.Ordinal))];

    private static string SiteOf(WebhookCall call)
    {
        var recipient = call.Path["/hooks/".Length..];
        return recipient[..recipient.IndexOf('-', StringComparison.Ordinal)];
    }

    private static int Distinct(WebhookSink sink) => RecipientCalls(sink).Select(c => c.IdempotencyKey).Distinct().Count();
}

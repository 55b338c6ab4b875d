using System.Diagnostics;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

using HeatRelief.Weather;

namespace HeatRelief.Tests.Chaos;

/// <summary>
/// Open-Meteo down while a red alert stands: the heat check retries, records <c>weather.failed</c>, tells the
/// admins once, and changes nothing: no all-clear for missing data, nothing new to the workers.
/// </summary>
public sealed class WeatherOutageChaosTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Theory]
    [InlineData("HTTP 500", 500, 4)]
    [InlineData("timeout", FakeOpenMeteo.Hang, 4)]
    [InlineData("garbage JSON", FakeOpenMeteo.Garbage, OpenMeteoWeatherSource.UnusableAnswerAttempts)]
    public async Task HeatCheck_WeatherSourceFails_RetriesAuditsTellsAdminsAndClearsNothing(string fault, int answer, int requests)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var failing = false;
        await using var api = await FakeOpenMeteo.StartAsync(_ => failing ? answer : null);
        await using var sink = await WebhookSink.StartAsync();
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            ["Weather:Source"] = "open-meteo",
            ["Weather:OpenMeteoBaseUrl"] = api.BaseUrl,
            ["Weather:RequestTimeoutSeconds"] = "1",
            ["Alerts:LookaheadDays"] = "0",
            ["Visits:AdminRecipients"] = $"webhook:{sink.Url("/admins/duty")}",
            // The clock moves on an hour below; with the default 60-minute answer window the officer's offer
            // expires then, and if the reassignment timer gets to run first (a busy machine) the admins are
            // rightly told the visit is unassigned: a second notice this test is not about.
            ["Visits:AcceptWithinMinutes"] = "1440",
        });
        var directory = harness.Get<SiteDirectory>();
        await directory.UpsertSitesAsync([VisitScenario.Site("S1", "Fengtai", 39.8, 116.3, 30)], ct);
        await directory.UpsertRecipientsAsync(Enumerable.Range(1, 3).Select(i =>
            new Recipient($"R{i}", "S1", $"Worker {i}", "worker", "webhook", sink.Url($"/hooks/R{i}"), "zh", null, null)), ct);
        await directory.UpsertOfficersAsync([VisitScenario.Officer("O1", "Fengtai", 39.81, 116.31, 3)], ct);
        await harness.StartAsync(ct);

        // A red alert is raised and delivered while the source works.
        await harness.HeatCheckAndDrainAsync(ct);
        var alerts = harness.Get<AlertStore>();
        (await alerts.ListAsync(Alert.DateKeyOf(Today), ct)).ShouldHaveSingleItem().Alert.Level.ShouldBe(HeatLevel.Red);
        sink.Calls.Count(c => c.Path.StartsWith("/hooks/", StringComparison.Ordinal)).ShouldBe(3);
        var before = api.Requests.Count;

        // The source fails: the heat check fails too (the next run tries again).
        failing = true;
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await Should.ThrowAsync<Exception>(() => RunCommand.RunHeatCheckAsync(harness.Host, ct));
        (await RunCommand.DrainAsync(harness.Host, TimeSpan.FromSeconds(60), ct)).ShouldBeTrue();

        var tried = api.Requests.Count - before;
        tried.ShouldBe(requests, fault == "garbage JSON" ? "an answer that does not parse is asked for again, twice" : "the request and its 3 retries");
        (await VisitScenario.AuditAsync(harness.Host.Services, AuditKinds.WeatherFailed, ct)).ShouldHaveSingleItem();
        var notice = sink.Calls.Where(c => c.Path == "/admins/duty").ShouldHaveSingleItem();
        notice.IdempotencyKey.ShouldNotBeNull().ShouldMatch("^heatcheck:[0-9a-f]{32}:weather-failed$");
        notice.Body.GetProperty("title").GetString().ShouldBe("【天气数据中断】高温检查未完成");
        notice.Body.GetProperty("body").GetString()!.ShouldContain("没有解除任何预警");
        notice.Body.GetProperty("body").GetString()!.ShouldContain(fault switch { "HTTP 500" => "answered 500", "timeout" => "timed out", _ => "not valid Open-Meteo JSON" });

        var today = await alerts.ListAsync(Alert.DateKeyOf(Today), ct);
        today.ShouldHaveSingleItem().Alert.Kind.ShouldBe(AlertKind.Raised, "no all-clear for missing data");
        (await harness.Get<HeatEvaluationStore>().ReadDayAsync(Alert.DateKeyOf(Today), ct))["S1"].Level.ShouldBe(HeatLevel.Red, "the stored level stands");
        var sends = sink.Calls.Count(c => c.Path.StartsWith("/hooks/", StringComparison.Ordinal));
        sends.ShouldBe(3, "the workers got nothing new");
        ChaosReport.Line($"weather {fault}: {tried} requests to the source, weather.failed records 1, admin notices 1, alerts cleared 0, new sends to workers {sends - 3}; {clock.Elapsed.TotalSeconds:0.0} s");
    }
}

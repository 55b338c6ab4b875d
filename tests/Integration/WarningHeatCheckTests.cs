using System.Text;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Official warnings merged into the heat check, through the self-host: the sample 北京市气象台 messages (orange, then the
/// red update at 10:20, then the cancel on the third day at 18:00) moved to July 2026, a site the forecast grades orange.
/// </summary>
public sealed class WarningHeatCheckTests(AzuriteFixture azurite)
{
    // 02:00 UTC is 10:00 in Beijing: the orange warning is in force, the red update (10:20) not sent yet.
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task HeatCheck_OfficialWarnings_RaiseTheLevel_AreCited_AndAnEndedWarningFallsBackToTheForecast()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        var warnings = SampleWarningsIn2026(TestPaths.NewTempFolder());
        await using var harness = await StartAsync(warnings, forecastC: 38.0, Now, ct);
        await ImportAsync(harness, webhooks, ct);

        // 10:00: the forecast says orange and so does the warning in force: a tie is credited to the warning.
        await harness.HeatCheckAndDrainAsync(ct);
        var store = harness.Get<AlertStore>();
        var first = (await store.ListAsync(Alert.DateKeyOf(Today), ct)).ShouldHaveSingleItem().Alert;
        first.Level.ShouldBe(HeatLevel.Orange);
        first.Warning.ShouldNotBeNull().Identifier.ShouldBe("BJMO-GW-20230621173000");
        first.Warning.DecidedLevel.ShouldBeTrue("a tie cites the warning");
        first.Warning.SenderNameZh.ShouldBe("北京市气象台");
        var kinds = await AuditKindsAsync(harness, ct);
        kinds.Count(k => k == AuditKinds.WarningReceived).ShouldBe(1, "only the orange alert was sent by 10:00; the drill and the rainstorm come later");
        kinds.ShouldNotContain(AuditKinds.WarningUpdated);

        // 10:30: the red update is in force; the forecast still says orange. The site escalates to red, citing it.
        harness.Clock.Advance(TimeSpan.FromMinutes(30));
        await harness.HeatCheckAndDrainAsync(ct);
        var red = (await store.ListAsync(Alert.DateKeyOf(Today), ct)).Select(a => a.Alert).Single(a => a.Kind == AlertKind.Escalated);
        red.Level.ShouldBe(HeatLevel.Red);
        red.Grade.Level.ShouldBe(HeatLevel.Orange, "the forecast's own grade is kept");
        red.Warning.ShouldNotBeNull().Identifier.ShouldBe("BJMO-GW-20230622102000");
        red.Warning.HeadlineZh.ShouldBe("北京市气象台将高温橙色预警升级为红色预警");
        var call = webhooks.Calls.Single(c => c.IdempotencyKey == $"{red.Id}:R1").Body;
        var cited = call.GetProperty("data").GetProperty("officialWarning");
        cited.GetProperty("identifier").GetString().ShouldBe("BJMO-GW-20230622102000");
        cited.GetProperty("senderName").GetString().ShouldBe("北京市气象台");
        cited.GetProperty("headline").GetString().ShouldBe("北京市气象台将高温橙色预警升级为红色预警");
        call.GetProperty("data").GetProperty("forecastLevel").GetString().ShouldBe("orange");
        var text = call.GetProperty("body").GetString()!;
        text.ShouldContain("北京市气象台发布高温红色预警（BJMO-GW-20230622102000）");
        text.ShouldContain("当日应停止露天作业");
        text.ShouldNotContain("6小时", Case.Sensitive, "a red warning is never followed by the forecast's orange advice");
        text.IndexOf("北京市气象台", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("预报最高气温", StringComparison.Ordinal), "the warning is cited before the computed figures");
        var english = webhooks.Calls.Single(c => c.IdempotencyKey == $"{red.Id}:R2").Body.GetProperty("body").GetString()!;
        english.ShouldContain("issued a red heat warning (BJMO-GW-20230622102000)");
        english.ShouldContain("stop outdoor work for the day");
        var evaluation = await EvaluationAsync(harness, Today, ct);
        evaluation.GetString("Level").ShouldBe("red");
        evaluation.GetString("ForecastLevel").ShouldBe("orange");
        evaluation.GetString("LevelDecidedBy").ShouldBe("warning");
        (await AuditKindsAsync(harness, ct)).Count(k => k == AuditKinds.WarningUpdated).ShouldBe(1);

        // The same check again: nothing new is received, raised or sent.
        var calls = webhooks.Calls.Count;
        await harness.HeatCheckAndDrainAsync(ct);
        webhooks.Calls.Count.ShouldBe(calls);
        (await AuditKindsAsync(harness, ct)).Count(k => k.StartsWith("warning.", StringComparison.Ordinal)).ShouldBe(2);

        // 17 July 10:30: the red update still covers the day (it expires at 20:00); the day is red by the warning.
        harness.Clock.Advance(new DateTimeOffset(2026, 7, 17, 2, 30, 0, TimeSpan.Zero) - harness.Clock.GetUtcNow());
        await harness.HeatCheckAndDrainAsync(ct);
        (await EvaluationAsync(harness, Today.AddDays(2), ct)).GetString("Level").ShouldBe("red");
        (await store.ListAsync(Alert.DateKeyOf(Today.AddDays(2)), ct)).ShouldHaveSingleItem().Alert.Level.ShouldBe(HeatLevel.Red);

        // 18:30, after the 18:00 cancel: no warning in force, the level falls back to the forecast's orange.
        // Lower but not none: no alert (workers keep the stricter advice for the day), and the evaluation says so.
        harness.Clock.Advance(TimeSpan.FromHours(8));
        await harness.HeatCheckAndDrainAsync(ct);
        (await AuditKindsAsync(harness, ct)).ShouldContain(AuditKinds.WarningCancelled);
        var after = await EvaluationAsync(harness, Today.AddDays(2), ct);
        after.GetString("Level").ShouldBe("orange");
        after.GetString("LevelDecidedBy").ShouldBe("forecast");
        after.GetString("WarningIdentifier").ShouldBeNull();
        (await store.ListAsync(Alert.DateKeyOf(Today.AddDays(2)), ct)).ShouldHaveSingleItem("no all-clear and no new alert for a lower level");
    }

    [Fact]
    public async Task HeatCheck_WarningSourceFails_AuditsIt_KeepsTheStoredWarnings_AndClearsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        var warnings = SampleWarningsIn2026(TestPaths.NewTempFolder());
        File.WriteAllText(Path.Combine(warnings, "06-broken.xml"), "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>X</identifier>");
        // The forecast is mild (30 °C): only the red warning (sent 10:20) makes the site red.
        await using var harness = await StartAsync(warnings, forecastC: 30.0, Now.AddMinutes(30), ct);
        await ImportAsync(harness, webhooks, ct);
        await harness.HeatCheckAndDrainAsync(ct);
        var store = harness.Get<AlertStore>();
        var raised = (await store.ListAsync(Alert.DateKeyOf(Today), ct)).ShouldHaveSingleItem().Alert;
        raised.Level.ShouldBe(HeatLevel.Red);
        raised.Grade.Level.ShouldBe(HeatLevel.None);
        await harness.HeatCheckAndDrainAsync(ct);
        var rejected = await AuditRowsAsync(harness, AuditKinds.WarningRejected, ct);
        rejected.ShouldHaveSingleItem("a bad file is audited once a day, not at every check").GetString("Message").ShouldContain("06-broken.xml");

        // The folder disappears: the source fails, the admins' audit says so, the stored red warning still counts.
        Directory.Delete(warnings, recursive: true);
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await harness.HeatCheckAndDrainAsync(ct);
        var failed = (await AuditRowsAsync(harness, AuditKinds.WarningSourceFailed, ct)).ShouldHaveSingleItem();
        failed.GetString("Message").ShouldContain("does not exist");
        (await store.ListAsync(Alert.DateKeyOf(Today), ct)).ShouldHaveSingleItem("no all-clear while the warning source is down");
        (await EvaluationAsync(harness, Today, ct)).GetString("Level").ShouldBe("red");
    }

    [Fact]
    public async Task HeatCheck_CapFeed_TheLinkedWarningsRaiseTheLevel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var feed = await FakeCapFeed.StartAsync();
        var samples = SampleWarningsIn2026(TestPaths.NewTempFolder());
        var entries = new List<string>();
        foreach (var file in Directory.GetFiles(samples, "*.xml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            feed.Put("cap/" + name, File.ReadAllText(file));
            entries.Add($"<entry><id>urn:test:{name}</id><title>{name}</title><updated>2026-07-15T10:20:00+08:00</updated><link rel=\"alternate\" type=\"application/cap+xml\" href=\"cap/{name}\"/></entry>");
        }

        feed.Put("feed.atom", $"<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:test:feed</id><title>feed</title><updated>2026-07-15T10:20:00+08:00</updated>{string.Concat(entries)}</feed>", "application/atom+xml");
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Warnings:Source"] = "cap-feed", ["Warnings:FeedUrl"] = feed.Url("feed.atom") }, forecastC: 30.0, Now.AddMinutes(30), ct);
        await ImportAsync(harness, webhooks, ct);

        await harness.HeatCheckAndDrainAsync(ct);

        var raised = (await harness.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).ShouldHaveSingleItem().Alert;
        raised.Level.ShouldBe(HeatLevel.Red, "the forecast says 30 °C; the feed's red update says red");
        raised.Warning.ShouldNotBeNull().Identifier.ShouldBe("BJMO-GW-20230622102000");
        feed.Count("cap/02-beijing-heat-red-update.xml").ShouldBe(1);
        (await AuditKindsAsync(harness, ct)).ShouldContain(AuditKinds.WarningUpdated);
    }

    [Fact]
    public async Task HeatCheck_QWeather_RaisesTheLevel_AndItsCancelSendsTheAllClear()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var api = await FakeQWeather.StartAsync();
        var answer = $"[{QWeatherAlert("Q-RED", "new", "extreme", "red", "测试市气象台发布高温红色预警", "2026-07-15T10:20+08:00")}]";
        api.Answer = (_, _) => answer;
        await using var harness = await StartAsync(new Dictionary<string, string?>
        {
            ["Warnings:Source"] = "qweather",
            ["Warnings:QWeatherBaseUrl"] = api.BaseUrl,
            ["Warnings:QWeatherToken"] = FakeQWeather.Token,
        }, forecastC: 30.0, Now.AddMinutes(30), ct);
        await ImportAsync(harness, webhooks, ct);

        await harness.HeatCheckAndDrainAsync(ct);
        var store = harness.Get<AlertStore>();
        var raised = (await store.ListAsync(Alert.DateKeyOf(Today), ct)).ShouldHaveSingleItem().Alert;
        raised.Level.ShouldBe(HeatLevel.Red);
        raised.Warning.ShouldNotBeNull().SenderNameZh.ShouldBe("测试市气象台");
        api.Requests.ShouldHaveSingleItem("one site, one grid cell").Authorized.ShouldBeTrue();

        // The observatory cancels at 18:00: nothing is in force and the forecast says none: the usual all-clear.
        answer = $"[{QWeatherAlert("Q-CANCEL", "cancel", "extreme", "red", "测试市气象台解除高温红色预警", "2026-07-15T18:00+08:00", "Q-RED")}]";
        harness.Clock.Advance(TimeSpan.FromHours(8));
        await harness.HeatCheckAndDrainAsync(ct);
        (await store.ListAsync(Alert.DateKeyOf(Today), ct)).Select(a => a.Alert.Kind).ShouldBe([AlertKind.Raised, AlertKind.Cleared], ignoreOrder: true);
        (await AuditKindsAsync(harness, ct)).ShouldContain(AuditKinds.WarningCancelled);
        (await store.ListAsync(Alert.DateKeyOf(Today.AddDays(1)), ct)).Select(a => a.Alert.Kind).ShouldBe([AlertKind.Raised, AlertKind.Cleared], ignoreOrder: true, "the warning covered tomorrow too");
        webhooks.Calls.Count(c => c.Path == "/hooks/r1").ShouldBe(4, "the red alert and its all-clear, today and tomorrow");
    }

    private static string QWeatherAlert(string id, string code, string severity, string colour, string headline, string issued, params string[] supersedes) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            id,
            senderName = "测试市气象台",
            issuedTime = issued,
            messageType = new { code, supersedes = supersedes.Length == 0 ? null : supersedes },
            eventType = new { name = "高温", code = "1009" },
            severity,
            color = new { code = colour },
            onsetTime = "2026-07-15T00:00+08:00",
            expiredTime = "2026-07-16T20:00+08:00",
            headline,
            description = "测试用预警。",
        });

    private Task<SelfHostHarness> StartAsync(string warnings, double forecastC, DateTimeOffset now, CancellationToken ct) =>
        StartAsync(new Dictionary<string, string?> { ["Warnings:Source"] = "folder", ["Warnings:FolderPath"] = warnings }, forecastC, now, ct);

    private async Task<SelfHostHarness> StartAsync(Dictionary<string, string?> settings, double forecastC, DateTimeOffset now, CancellationToken ct)
    {
        settings["Weather:RecordingPath"] = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.94, 116.43, [forecastC, forecastC, forecastC]));
        var harness = SelfHostHarness.Create(azurite, settings, now);
        await harness.StartAsync(ct);
        return harness;
    }

    private static async Task ImportAsync(SelfHostHarness harness, WebhookSink webhooks, CancellationToken ct)
    {
        var folder = TestPaths.NewTempFolder();
        var importer = harness.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Dongzhimen Sanitation Depot (东直门环卫所),Dongcheng,39.9385,116.4298,sanitation,48"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            $"R1,S1,王建国,foreman,webhook,{webhooks.Url("/hooks/r1")},zh,,",
            $"R2,S1,Li Na,worker,webhook,{webhooks.Url("/hooks/r2")},en,,"), ct);
    }

    private static async Task<List<string>> AuditKindsAsync(SelfHostHarness harness, CancellationToken ct)
    {
        var audit = await harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        return await audit.QueryAsync<TableEntity>(cancellationToken: ct).Select(e => e.GetString("Kind")).ToListAsync(ct);
    }

    private static async Task<List<TableEntity>> AuditRowsAsync(SelfHostHarness harness, string kind, CancellationToken ct)
    {
        var audit = await harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        return await audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {kind}"), cancellationToken: ct).ToListAsync(ct);
    }

    private static async Task<TableEntity> EvaluationAsync(SelfHostHarness harness, DateOnly day, CancellationToken ct)
    {
        var table = await harness.Get<StorageClients>().TableAsync(TableNames.HeatEvaluations, ct);
        return (await table.GetEntityAsync<TableEntity>(Alert.DateKeyOf(day), "S1", cancellationToken: ct)).Value;
    }

    /// <summary>The bundled sample messages with their June 2023 dates moved to July 2026 (same clock times).</summary>
    private static string SampleWarningsIn2026(string folder)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.Samples, "warnings"), "*.xml"))
        {
            var text = File.ReadAllText(file, Encoding.UTF8)
                .Replace("2023-06-21T", "2026-07-14T", StringComparison.Ordinal)
                .Replace("2023-06-22T", "2026-07-15T", StringComparison.Ordinal)
                .Replace("2023-06-23T", "2026-07-16T", StringComparison.Ordinal)
                .Replace("2023-06-24T", "2026-07-17T", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder, Path.GetFileName(file)), text, new UTF8Encoding(false));
        }

        return folder;
    }
}

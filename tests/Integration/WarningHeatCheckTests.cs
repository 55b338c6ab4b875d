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
        var text = webhooks.Calls.Single(c => c.IdempotencyKey == $"{red.Id}:R1").Body.GetProperty("body").GetString()!;
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

    private async Task<SelfHostHarness> StartAsync(string warnings, double forecastC, DateTimeOffset now, CancellationToken ct)
    {
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.94, 116.43, [forecastC, forecastC, forecastC]));
        var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Warnings:Source"] = "folder",
            ["Warnings:FolderPath"] = warnings,
        }, now);
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

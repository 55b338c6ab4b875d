using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>The whole pipeline through the self-host: recorded heat in, webhook and e-mail deliveries out.</summary>
public sealed class PipelineTests(AzuriteFixture azurite)
{
    // 02:00 UTC is 10:00 in Beijing: outside night quiet hours, inside a 09:00-11:00 quiet window.
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task Pipeline_HeatwaveToDeliveries_AlertsOncePerLevelAndDeliversOnEveryChannel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var smtp = SmtpSink.Start();
        var folder = TestPaths.NewTempFolder();
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22),
            new ForecastBuilder.Location(39.80, 116.30, [41.0, 40.2, 39.5]),
            new ForecastBuilder.Location(40.10, 116.70, [37.6, 37.2, 36.0]),
            new ForecastBuilder.Location(40.45, 115.95, [31.0, 32.0, 30.0]));
        var sites = CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader,
            "S-RED,Xinfadi Market (新发地),Fengtai,39.8010,116.3020,market,200",
            "S-ORANGE,Shunyi Express Yard,Shunyi,40.1010,116.7020,courier,80",
            "S-COOL,Yanqing Road Works,Yanqing,40.4510,115.9520,roadworks,30");
        var recipients = CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            $"R1,S-RED,王建国,foreman,webhook,{webhooks.Url("/hooks/r1")},zh,,",
            "R2,S-RED,Li Na,worker,email,lina@example.test,en,,",
            "R3,S-RED,张伟,worker,console,13812345678,zh,09:00,11:00",
            $"R4,S-ORANGE,Zhao Lei,worker,webhook,{webhooks.Url("/hooks/r4")},en,,",
            $"R5,S-ORANGE,陈静,worker,webhook,{webhooks.Url("/hooks/r5")},zh,09:00,11:00",
            $"R6,S-COOL,Sun Hao,worker,webhook,{webhooks.Url("/hooks/r6")},en,,");

        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Security"] = "None",
        }, Now);
        await harness.StartAsync(ct);
        var importer = harness.Get<CsvImporter>();
        await importer.ImportSitesAsync(sites, ct);
        await importer.ImportRecipientsAsync(recipients, ct);

        await harness.HeatCheckAndDrainAsync(ct);

        var store = harness.Get<AlertStore>();
        var today = await store.ListAsync(Alert.DateKeyOf(Today), ct);
        var tomorrow = await store.ListAsync(Alert.DateKeyOf(Today.AddDays(1)), ct);
        today.Select(a => (a.Alert.SiteId, a.Alert.Level)).OrderBy(x => x.SiteId).ToList()
            .ShouldBe([("S-ORANGE", HeatLevel.Orange), ("S-RED", HeatLevel.Red)]);
        tomorrow.Select(a => (a.Alert.SiteId, a.Alert.Level)).OrderBy(x => x.SiteId).ToList()
            .ShouldBe([("S-ORANGE", HeatLevel.Orange), ("S-RED", HeatLevel.Red)]);
        (await store.ListAsync(Alert.DateKeyOf(Today.AddDays(2)), ct)).ShouldBeEmpty("only today and tomorrow raise alerts by default");
        today.ShouldAllBe(a => a.Progress.Enqueued && a.Progress.FanOutCompleted);

        // R1 (webhook) and R4 get both days; R5 is in quiet hours and orange is not red, so it waits.
        var redToday = today.Single(a => a.Alert.SiteId == "S-RED").Alert;
        var calls = webhooks.Calls;
        calls.Count(c => c.Path == "/hooks/r1").ShouldBe(2);
        calls.Count(c => c.Path == "/hooks/r4").ShouldBe(2);
        calls.ShouldNotContain(c => c.Path == "/hooks/r5");
        calls.ShouldNotContain(c => c.Path == "/hooks/r6");
        calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        var r1Today = calls.Single(c => c.IdempotencyKey == $"{redToday.Id}:R1");
        r1Today.Body.GetProperty("data").GetProperty("level").GetString().ShouldBe("red");
        r1Today.Body.GetProperty("title").GetString()!.ShouldContain("红色");

        smtp.Messages.Count.ShouldBe(2);
        smtp.Messages.ShouldAllBe(m => m.To.Mailboxes.Single().Address == "lina@example.test");
        smtp.Messages.ShouldContain(m => m.Subject != null && m.Subject.Contains("Red heat alert", StringComparison.Ordinal) && m.Headers["X-Idempotency-Key"] == $"{redToday.Id}:R2");

        var deliveries = harness.Get<DeliveryStore>();
        var redRecords = await deliveries.ListAsync(redToday.Id, ct);
        redRecords.Select(r => (r.RecipientId, r.Status)).OrderBy(r => r.RecipientId).ToList()
            .ShouldBe([("R1", DeliveryStatus.Delivered), ("R2", DeliveryStatus.Delivered), ("R3", DeliveryStatus.Delivered)], "red goes out even in quiet hours");
        var orangeToday = today.Single(a => a.Alert.SiteId == "S-ORANGE").Alert;
        var r5 = (await deliveries.ListAsync(orangeToday.Id, ct)).Single(r => r.RecipientId == "R5");
        r5.Status.ShouldBe(DeliveryStatus.Deferred);
        r5.DeferredUntil.ShouldBe(new DateTimeOffset(2026, 7, 15, 3, 0, 0, TimeSpan.Zero), "11:00 in Beijing");
        var auditTable = await harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var summaries = await auditTable.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"Kind eq {AuditKinds.NotificationSummary} and AlertId eq {orangeToday.Id}"), cancellationToken: ct).ToListAsync(ct);
        summaries.Select(e => e.GetString("Message")).ShouldHaveSingleItem()
            .ShouldContain("1 delivered, 0 failed, 1 deferred (quiet hours, until 2026-07-15 11:00 (UTC+8)), 0 skipped", Case.Sensitive, "stored UTC, read in local time");

        // The same forecast an hour later: nothing new is raised or sent.
        harness.Clock.Advance(TimeSpan.FromHours(1));
        var before = webhooks.Calls.Count;
        await harness.HeatCheckAndDrainAsync(ct);
        (await store.ListAsync(Alert.DateKeyOf(Today), ct)).Count.ShouldBe(2);
        webhooks.Calls.Count.ShouldBe(before);
        smtp.Messages.Count.ShouldBe(2);
    }
}

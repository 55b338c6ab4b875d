using System.Text.Json.Nodes;
using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.HeatCheck;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Issue 13, step 2: the alert message carries the heat check's copy of the alert, and each delivery chunk the fan-out's
/// copies of the alert and the site, so neither is read back; a message without them (queued by an older version)
/// is still handled, by reading them as before. Table reads are counted by the storage clients' request counter.
/// </summary>
public sealed class MessageCopyTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task Copies_FanOutReadsOnlySiteAndRecipients_DeliveryOnlyRecipients()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, ct);
        await services.Get<HeatCheckService>().RunAsync("test", ct);

        var alert = (await services.DrainAsync(QueueNames.Alerts, ct)).Single();
        JsonNode.Parse(alert)!["alert"].ShouldNotBeNull("the heat check's message carries its copy of the new alert");
        var fanOutReads = await TableReadsAsync(services, () => services.Get<FanOutService>().HandleAsync(alert, 1, "m", ct));
        var chunk = (await services.DrainAsync(QueueNames.Deliveries, ct)).Single();
        JsonNode.Parse(chunk)!["site"]!["name"]!.GetValue<string>().ShouldBe("Depot");
        var deliveryReads = await TableReadsAsync(services, () => services.Get<DeliveryService>().HandleAsync(chunk, 1, "m", ct));

        fanOutReads.ShouldBe(2, "the site (is it still active?) and one page of recipients; not the alert");
        deliveryReads.ShouldBe(1, "the chunk's recipients; neither the alert nor the site");
        await ShouldHaveDeliveredOnceEachAsync(services, webhooks, ct);
    }

    [Fact]
    public async Task OlderMessages_WithoutCopies_ReadAlertAndSiteBackAndDeliver()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, ct);
        await services.Get<HeatCheckService>().RunAsync("test", ct);

        // As a version before the copies queued them: the same fields, none of the copies.
        var alert = WithoutCopies((await services.DrainAsync(QueueNames.Alerts, ct)).Single());
        var fanOutReads = await TableReadsAsync(services, () => services.Get<FanOutService>().HandleAsync(alert, 1, "m", ct));
        var chunk = WithoutCopies((await services.DrainAsync(QueueNames.Deliveries, ct)).Single());
        var deliveryReads = await TableReadsAsync(services, () => services.Get<DeliveryService>().HandleAsync(chunk, 1, "m", ct));

        fanOutReads.ShouldBe(4, "the alert, the site, whether an earlier attempt split it (its ranges) and one page of recipients");
        deliveryReads.ShouldBe(3, "the alert, the site and the chunk's recipients");
        await ShouldHaveDeliveredOnceEachAsync(services, webhooks, ct);
        webhooks.Calls.Select(c => c.Body.GetRawText()).ShouldAllBe(b => b.Contains("Depot (Fengtai)", StringComparison.Ordinal), "the text names the site it read");
    }

    [Fact]
    public async Task FanOut_RedeliveredMessageWithCopyAfterCompletion_ReadsTheMarkAndQueuesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, ct);
        await services.Get<HeatCheckService>().RunAsync("test", ct);
        var alert = (await services.DrainAsync(QueueNames.Alerts, ct)).Single();
        await services.Get<FanOutService>().HandleAsync(alert, 1, "m", ct);
        (await services.DrainAsync(QueueNames.Deliveries, ct)).Count.ShouldBe(1);

        await services.Get<FanOutService>().HandleAsync(alert, 2, "m", ct);

        (await services.DrainAsync(QueueNames.Deliveries, ct)).ShouldBeEmpty("a redelivery reads the alert's fanned-out mark, copy or not");
    }

    [Fact]
    public async Task HeatCheck_OrphanQueuedAgain_GoesWithoutCopySoItsFanOutFindsTheFirstDone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, ct);
        await services.Get<HeatCheckService>().RunAsync("check-1", ct);
        var first = (await services.DrainAsync(QueueNames.Alerts, ct)).Single();

        // A crash between the queue put and the mark: the next check takes the alert for an orphan and queues it again.
        var alerts = await services.Get<StorageClients>().TableAsync(TableNames.Alerts, ct);
        var id = JsonNode.Parse(first)!["alertId"]!.GetValue<string>();
        await alerts.UpdateEntityAsync(new Azure.Data.Tables.TableEntity(Alert.DateKeyOf(Today), id) { ["Enqueued"] = false }, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Merge, ct);
        services.Clock.Advance(TimeSpan.FromHours(1));
        await services.Get<HeatCheckService>().RunAsync("check-2", ct);
        var again = (await services.DrainAsync(QueueNames.Alerts, ct)).Single();
        JsonNode.Parse(again)!["alertId"]!.GetValue<string>().ShouldBe(id);
        JsonNode.Parse(again)!["alert"].ShouldBeNull("an orphan may have been sent before: its message makes the fan-out read the mark");

        await services.Get<FanOutService>().HandleAsync(first, 1, "first", ct);
        await services.Get<FanOutService>().HandleAsync(again, 1, "again", ct);

        (await services.DrainAsync(QueueNames.Deliveries, ct)).Count.ShouldBe(1, "the orphan's fan-out found the alert done");
    }

    private static string WithoutCopies(string body)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        json.Remove("alert").ShouldBeTrue();
        json.Remove("site");
        return json.ToJsonString();
    }

    private static async Task<long> TableReadsAsync(TestServices services, Func<Task> work)
    {
        var counter = services.Get<StorageRequestCounter>();
        var before = counter.Snapshot().GetValueOrDefault("table GET");
        await work();
        return counter.Snapshot().GetValueOrDefault("table GET") - before;
    }

    private static async Task ShouldHaveDeliveredOnceEachAsync(TestServices services, WebhookSink webhooks, CancellationToken ct)
    {
        webhooks.Calls.Count.ShouldBe(3);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var records = await services.Get<DeliveryStore>().ListAsync(alert.Id, ct);
        records.Count.ShouldBe(3);
        records.ShouldAllBe(r => r.Status == DeliveryStatus.Delivered && r.Attempts == 1);
    }

    private async Task<TestServices> ArrangeAsync(WebhookSink webhooks, CancellationToken ct)
    {
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0]));
        var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
            // The deliveries-queue path (a large site's chunks, older messages); InlineDeliveryTests covers the in-line one.
            ["Storage:InlineDeliveryMaxRecipients"] = "0",
        });
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. Enumerable.Range(1, 3).Select(i => $"R{i},S1,Worker {i},worker,webhook,{webhooks.Url($"/hooks/R{i}")},en,,")]), ct);
        return services;
    }
}

using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Heat;
using HeatRelief.HeatCheck;
using HeatRelief.Messaging;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// A very large site's alert (more than <see cref="FanOutService.SplitAboveRecipients"/> recipients) is split: the
/// fan-out chunks its recipients by bucket, each chunk message says so (version 2), and its Deliveries rows go to the
/// alert's 16 buckets, found by every reader; redelivered and deferred chunks still send each recipient once.
/// </summary>
public sealed class SplitDeliveryTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task SplitDelivery_SiteAboveTheSplitSize_ChunksByBucketWritesSixteenPartitionsAndTellsEachOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0, 40.5, 40.0]));
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
            // Smaller chunks than the 100 a bucket's buffer holds by default, so buffers fill and are sent while the pages are read.
            ["Storage:DeliveryChunkSize"] = "30",
        });
        const int count = FanOutService.SplitAboveRecipients + 100;
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"R{i:D4},S1,Worker {i},worker,webhook,{webhooks.Url($"/hooks/R{i:D4}")},en,,"))]), ct);

        await services.Get<HeatCheckService>().RunAsync("test", ct);
        foreach (var body in await DrainAsync(services, QueueNames.Alerts, ct))
        {
            await services.Get<FanOutService>().HandleAsync(body, 1, "fan-out", ct);
        }

        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var bodies = await DrainAsync(services, QueueNames.Deliveries, ct);
        var chunks = bodies.Select(b => MessageRules.Parse<DeliveryChunkMessage>(b)).ToList();
        chunks.ShouldAllBe(c => c.Problem == null && c.Message!.Bucketed && c.Message.SchemaVersion == DeliveryChunkMessage.BucketedVersion);
        chunks.ShouldAllBe(c => c.Message!.RecipientIds.Count <= 30);
        chunks.ShouldAllBe(c => c.Message!.RecipientIds.Select(PartitionBuckets.Of).Distinct().Count() == 1, "each chunk is one bucket: one partition");
        chunks.Select(c => PartitionBuckets.Of(c.Message!.RecipientIds[0])).Distinct().Count().ShouldBe(PartitionBuckets.Count);
        var ids = chunks.SelectMany(c => c.Message!.RecipientIds).ToList();
        ids.Count.ShouldBe(count);
        ids.ShouldBeUnique();
        chunks.Count.ShouldBeLessThanOrEqualTo((count / 30) + PartitionBuckets.Count, "at most one part-filled chunk per bucket");

        // Each chunk handled twice, the second as the queue's redelivery: nobody is sent twice.
        var delivery = services.Get<DeliveryService>();
        foreach (var (body, attempt) in bodies.Select(b => (b, 1)).Concat(bodies.Select(b => (b, 2))))
        {
            await delivery.HandleAsync(body, attempt, "chunk", ct);
        }

        webhooks.Calls.Count.ShouldBe(count);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        webhooks.Calls.ShouldAllBe(c => c.IdempotencyKey!.StartsWith(alert.Id + ":", StringComparison.Ordinal));

        // The rows: one per recipient, each in its bucket, none in the alert's own partition.
        var table = await services.Get<StorageClients>().TableAsync(TableNames.Deliveries, ct);
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {alert.Id} and PartitionKey lt {alert.Id + "`"}"), cancellationToken: ct))
        {
            rows.Add(e);
        }

        rows.Count.ShouldBe(count);
        rows.Where(e => e.PartitionKey != PartitionBuckets.KeyOf(alert.Id, e.RowKey) || !PartitionBuckets.Belongs(e.PartitionKey, alert.Id))
            .Select(e => $"{e.PartitionKey}/{e.RowKey}").ShouldBeEmpty("every row in its recipient's bucket of the alert");
        rows.Select(e => e.PartitionKey).Distinct().Count().ShouldBe(PartitionBuckets.Count);
        rows.Where(e => DeliveryStatusWire.FromWire(e.GetString("Status")) != DeliveryStatus.Delivered || e.GetInt32("Attempts") != 1 || e.GetString("AlertId") != alert.Id)
            .Select(e => e.RowKey).ShouldBeEmpty("delivered at the first attempt, naming its alert");

        // Every reader finds them: the alert's view, who-got-what, the day's summary.
        var recipients = services.Get<RecipientDeliveries>();
        var ofAlert = await recipients.ForAlertAsync(alert.Id, ct);
        ofAlert.Count.ShouldBe(count);
        ofAlert.Count(r => r.Recipient != null && r.Delivery.Status == DeliveryStatus.Delivered).ShouldBe(count);
        (await recipients.ByIdAsync("R0777", ct)).ShouldHaveSingleItem().Deliveries.ShouldHaveSingleItem().AlertId.ShouldBe(alert.Id);
        var day = await services.Get<CampaignSummary>().GetAsync(Today, ct);
        day.DeliveriesByStatus[DeliveryStatus.Delivered].ShouldBe(count);
    }

    [Fact]
    public async Task SplitDelivery_ABucketedChunkInQuietHours_DefersInItsBucketAndTheDelayedCopySendsOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        // Two seconds before the quiet hours 09:00-11:00 (UTC+8) end, so the delayed message is due at once.
        await using var services = new TestServices(azurite, now: new DateTimeOffset(2026, 7, 15, 10, 59, 58, TimeSpan.FromHours(8)));
        var ids = Enumerable.Range(1, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"Q{i:D3}")).Where(id => PartitionBuckets.Of(id) == 5).Take(6).ToList();
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. ids.Select((id, i) => $"{id},S1,Worker {id},worker,webhook,{webhooks.Url($"/hooks/{id}")},en,{(i < 4 ? "09:00,11:00" : ",")}")]), ct);
        var alert = VisitScenario.AlertFor("S1", HeatLevel.Orange);
        alert.BypassesQuietHours.ShouldBeFalse();
        var site = (await services.Get<SiteDirectory>().GetSiteAsync("S1", ct)).ShouldNotBeNull();
        var delivery = services.Get<DeliveryService>();
        var chunk = MessageJson.Serialize(DeliveryChunkMessage.For(alert, site, ids, bucketed: true));

        await delivery.HandleAsync(chunk, 1, "chunk", ct);

        webhooks.Calls.Count.ShouldBe(2, "the two without quiet hours");
        var records = await services.Get<DeliveryStore>().ListAsync(alert.Id, ct);
        records.Count(r => r.Status == DeliveryStatus.Deferred).ShouldBe(4);
        var table = await services.Get<StorageClients>().TableAsync(TableNames.Deliveries, ct);
        var partitions = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"AlertId eq {alert.Id}"), cancellationToken: ct))
        {
            partitions.Add(e.PartitionKey);
        }

        partitions.Count.ShouldBe(6);
        partitions.ShouldAllBe(p => p == PartitionBuckets.KeyOf(alert.Id, 5));

        // The delayed copy keeps the layout; handled twice, and the first chunk once more, it sends each deferred recipient once.
        var delayed = (await ReceiveDueAsync(services, ct)).ShouldHaveSingleItem();
        var (copy, problem) = MessageRules.Parse<DeliveryChunkMessage>(delayed);
        problem.ShouldBeNull();
        (copy!.Deferred, copy.Bucketed, copy.SchemaVersion).ShouldBe((true, true, DeliveryChunkMessage.BucketedVersion));
        copy.RecipientIds.ShouldBe(ids.Take(4));
        services.Clock.Advance(TimeSpan.FromSeconds(10));
        await delivery.HandleAsync(delayed, 1, "delayed", ct);
        await delivery.HandleAsync(delayed, 2, "delayed", ct);
        await delivery.HandleAsync(chunk, 2, "chunk", ct);

        webhooks.Calls.Count.ShouldBe(6);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).ShouldAllBe(r => r.Status == DeliveryStatus.Delivered);
    }

    [Fact]
    public async Task SplitDelivery_AnAlertWithRowsInItsOwnPartition_IsNotSplit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var alert = VisitScenario.AlertFor("S1", HeatLevel.Red);
        var delivery = services.Get<SiteDelivery>();
        (await delivery.CanSplitAsync(alert.Id, ct)).ShouldBeTrue();

        // A row of a bucket (an earlier split attempt) keeps it splittable; one in its own partition (told in-line
        // before an import made the site large, or queued by a host before the split) does not.
        var store = services.Get<DeliveryStore>();
        var now = services.Clock.GetUtcNow();
        (await store.TryInsertAllAsync(alert, [new DeliveryClaim("R1", "console", DeliveryStatus.Sending)], now, bucketed: true, ct)).ShouldBeTrue();
        (await delivery.CanSplitAsync(alert.Id, ct)).ShouldBeTrue();
        (await store.TryInsertAllAsync(alert, [new DeliveryClaim("R2", "console", DeliveryStatus.Sending)], now, bucketed: false, ct)).ShouldBeTrue();
        (await delivery.CanSplitAsync(alert.Id, ct)).ShouldBeFalse();
    }

    /// <summary>Takes the deliveries queue's messages as they become visible (a delayed one within seconds).</summary>
    private static async Task<List<string>> ReceiveDueAsync(TestServices services, CancellationToken ct)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await DrainAsync(services, QueueNames.Deliveries, ct) is { Count: > 0 } bodies)
            {
                return bodies;
            }

            await Task.Delay(250, ct);
        }

        return [];
    }

    private static async Task<List<string>> DrainAsync(TestServices services, string queue, CancellationToken ct)
    {
        QueueClient client = await services.Get<StorageClients>().QueueAsync(queue, ct);
        var bodies = new List<string>();
        while ((await client.ReceiveMessagesAsync(32, cancellationToken: ct)).Value is { Length: > 0 } batch)
        {
            foreach (var m in batch)
            {
                bodies.Add(m.Body.ToString());
                await client.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
            }
        }

        return bodies;
    }
}

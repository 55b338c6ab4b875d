using System.Globalization;
using Azure.Data.Tables;
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
/// fan-out chunks its recipients in runs of consecutive ids as before, each run a stored range with a bucket that its
/// chunk message carries (version 2), and its Deliveries rows go to the alert's 16 buckets, found by every reader;
/// redelivered and deferred chunks still send each recipient once, and a fan-out run again (after an import, or by two
/// handlers at once) never moves a recipient to another bucket.
/// </summary>
public sealed class SplitDeliveryTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task SplitDelivery_SiteAboveTheSplitSize_ChunksInRangesWritesSixteenPartitionsAndTellsEachOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        const int count = FanOutService.SplitAboveRecipients + 100;

        // Smaller chunks than the default 100, so there are more ranges than buckets.
        await using var services = await ArrangeAsync(webhooks, count, chunkSize: 30, ct);

        await services.Get<HeatCheckService>().RunAsync("test", ct);
        foreach (var body in await services.DrainAsync(QueueNames.Alerts, ct))
        {
            await services.Get<FanOutService>().HandleAsync(body, 1, "fan-out", ct);
        }

        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var bodies = await services.DrainAsync(QueueNames.Deliveries, ct);
        var chunks = bodies.Select(b => MessageRules.Parse<DeliveryChunkMessage>(b)).ToList();
        chunks.ShouldAllBe(c => c.Problem == null && c.Message!.Bucket != null && c.Message.SchemaVersion == DeliveryChunkMessage.BucketedVersion);
        var ids = chunks.SelectMany(c => c.Message!.RecipientIds).ToList();
        ids.ShouldBe([.. ids.Order(StringComparer.Ordinal)], "runs of consecutive recipients, as an unsplit site's: each chunk one short read");
        ids.Count.ShouldBe(count);
        ids.ShouldBeUnique();
        chunks.Select(c => c.Message!.RecipientIds.Count).ShouldAllBe(n => n <= 30);
        chunks.Count.ShouldBe((count + 29) / 30, "full chunks but the last");
        chunks.Select((c, i) => c.Message!.Bucket).ShouldBe(chunks.Select((_, i) => (int?)(i % PartitionBuckets.Count)), "the buckets taken in turn");
        var ranges = await services.Get<ChunkClaimStore>().ReadRangesAsync(alert.Id, ct);
        ranges.Select(r => (r.FirstRecipientId, r.LastRecipientId, r.Bucket))
            .ShouldBe(chunks.Select(c => (c.Message!.RecipientIds[0], c.Message.RecipientIds[^1], c.Message.Bucket!.Value)), "each chunk's range stored");
        var bucketOf = chunks.SelectMany(c => c.Message!.RecipientIds.Select(id => (id, c.Message.Bucket!.Value))).ToDictionary(x => x.id, x => x.Value);

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
        rows.Where(e => e.PartitionKey != PartitionBuckets.KeyOf(alert.Id, bucketOf[e.RowKey]) || !PartitionBuckets.Belongs(e.PartitionKey, alert.Id))
            .Select(e => $"{e.PartitionKey}/{e.RowKey}").ShouldBeEmpty("every row in its chunk's bucket of the alert");
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
        var ids = Enumerable.Range(1, 6).Select(i => string.Create(CultureInfo.InvariantCulture, $"Q{i:D3}")).ToList();
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. ids.Select((id, i) => $"{id},S1,Worker {id},worker,webhook,{webhooks.Url($"/hooks/{id}")},en,{(i < 4 ? "09:00,11:00" : ",")}")]), ct);
        var alert = VisitScenario.AlertFor("S1", HeatLevel.Orange);
        alert.BypassesQuietHours.ShouldBeFalse();
        var site = (await services.Get<SiteDirectory>().GetSiteAsync("S1", ct)).ShouldNotBeNull();
        var delivery = services.Get<DeliveryService>();
        var chunk = MessageJson.Serialize(DeliveryChunkMessage.For(alert, site, ids, bucket: 5));

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
        (copy!.Deferred, copy.Bucket, copy.SchemaVersion).ShouldBe((true, 5, DeliveryChunkMessage.BucketedVersion));
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
        (await delivery.SplitAsync(alert, (_, _) => Task.CompletedTask, ct)).ShouldNotBeNull();

        // A row of a bucket (an earlier split attempt) keeps it splittable; one in its own partition (told in-line
        // before an import made the site large, or queued by a host before the split) does not.
        var store = services.Get<DeliveryStore>();
        var now = services.Clock.GetUtcNow();
        (await store.TryInsertAllAsync(alert, [new DeliveryClaim("R1", "console", DeliveryStatus.Sending)], now, bucket: 3, ct)).ShouldBeTrue();
        (await delivery.SplitAsync(alert, (_, _) => Task.CompletedTask, ct)).ShouldNotBeNull();
        (await store.TryInsertAllAsync(alert, [new DeliveryClaim("R2", "console", DeliveryStatus.Sending)], now, bucket: null, ct)).ShouldBeTrue();
        (await delivery.SplitAsync(alert, (_, _) => Task.CompletedTask, ct)).ShouldBeNull();
    }

    [Fact]
    public async Task FanOut_RedeliveredAlertAnEarlierAttemptSplit_StaysSplitThoughTheSiteIsNowSmallAndTellsNobodyTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, 300, chunkSize: 100, ct);
        await services.Get<HeatCheckService>().RunAsync("test", ct);
        var body = (await services.DrainAsync(QueueNames.Alerts, ct)).ShouldHaveSingleItem();
        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var site = (await services.Get<SiteDirectory>().GetSiteAsync("S1", ct)).ShouldNotBeNull();

        // What a first attempt left when the site was large, before it crashed unmarked: its ranges stored, one chunk told.
        // An import has since made the site one of 300, which alone would be told in-line.
        var before = await ChunkAsync(services, alert, Ids(1, 300), ct);
        await services.Get<DeliveryService>().HandleAsync(MessageJson.Serialize(DeliveryChunkMessage.For(alert, site, before[0].Ids, before[0].Bucket)), 1, "chunk", ct);
        webhooks.Calls.Count.ShouldBe(100);

        await services.Get<FanOutService>().HandleAsync(body, 2, "fan-out", ct);

        webhooks.Calls.Count.ShouldBe(100, "not told in-line: it stays split");
        var chunks = (await services.DrainAsync(QueueNames.Deliveries, ct)).Select(b => MessageRules.Parse<DeliveryChunkMessage>(b).Message!).ToList();
        chunks.Select(c => (c.RecipientIds[0], c.Bucket)).ShouldBe(before.Select(c => (c.Ids[0], (int?)c.Bucket)), "the same ranges and buckets");
        foreach (var chunk in chunks)
        {
            await services.Get<DeliveryService>().HandleAsync(MessageJson.Serialize(chunk), 1, "chunk", ct);
        }

        webhooks.Calls.Count.ShouldBe(300);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique("nobody told twice");
        (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).Count(r => r.Status == DeliveryStatus.Delivered).ShouldBe(300);
    }

    [Fact]
    public async Task RangeChunker_RunAgainAfterAnImport_KeepsEveryRecipientsBucketAndPutsNewOnesPastTheEndInNewRanges()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var alert = VisitScenario.AlertFor("S1", HeatLevel.Red);
        var first = Ids(1, 250);
        var sent = await ChunkAsync(services, alert, first, ct);
        var before = Buckets(sent);
        sent.Select(c => c.Ids.Count).ShouldBe([100, 100, 50]);

        // An import between the attempts: ten removed, ids added inside the ranges, before the first and past the end.
        var again = first.Where((_, i) => i % 25 != 0)
            .Concat(["R0000", "R0050x", "R0150x", "R0199x"]).Concat(Ids(251, 330)).Order(StringComparer.Ordinal).ToList();
        var resent = await ChunkAsync(services, alert, again, ct);
        var after = Buckets(resent);

        first.Intersect(again).Where(id => before[id] != after[id]).ShouldBeEmpty("a recipient told before keeps its bucket");
        (after["R0000"], after["R0050x"], after["R0150x"], after["R0199x"]).ShouldBe((0, 0, 1, 1), "a new id joins the range it falls in, or the one before it");
        Ids(251, 330).Select(id => after[id]).Distinct().ShouldBe([3], "past the last range: a new range, the next bucket");
        resent.ShouldAllBe(c => c.Ids.Count <= 100);
        (await services.Get<ChunkClaimStore>().ReadRangesAsync(alert.Id, ct)).Select(r => (r.Index, r.FirstRecipientId, r.LastRecipientId, r.Bucket))
            .ShouldBe([(0, "R0001", "R0100", 0), (1, "R0101", "R0200", 1), (2, "R0201", "R0250", 2), (3, "R0251", "R0330", 3)]);
    }

    [Fact]
    public async Task RangeChunker_TwoHandlersAtOnce_PutEveryRecipientInTheSameBucket()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var alert = VisitScenario.AlertFor("S1", HeatLevel.Red);
        var delivery = services.Get<SiteDelivery>();

        // Both read the (no) ranges first; the second has one recipient more at the start, so its runs are cut elsewhere.
        var sentA = new List<(IReadOnlyList<string> Ids, int Bucket)>();
        var sentB = new List<(IReadOnlyList<string> Ids, int Bucket)>();
        var a = (await delivery.SplitAsync(alert, (ids, bucket) => { sentA.Add((ids, bucket)); return Task.CompletedTask; }, ct)).ShouldNotBeNull();
        var b = (await delivery.SplitAsync(alert, (ids, bucket) => { sentB.Add((ids, bucket)); return Task.CompletedTask; }, ct)).ShouldNotBeNull();
        var idsA = Ids(1, 450);
        var idsB = new[] { "R0000" }.Concat(Ids(1, 450)).ToList();
        for (var i = 0; i < idsB.Count; i++)
        {
            if (i < idsA.Count)
            {
                await a.AddAsync(idsA[i], ct);
            }

            await b.AddAsync(idsB[i], ct);
        }

        await a.FlushAsync(ct);
        await b.FlushAsync(ct);

        var bucketsA = Buckets(sentA);
        var bucketsB = Buckets(sentB);
        idsA.Where(id => bucketsA[id] != bucketsB[id]).ShouldBeEmpty("one recipient, one bucket, whichever handler stored a range first");
        bucketsA.Count.ShouldBe(450);
        bucketsB.Count.ShouldBe(451);
        sentA.Concat(sentB).ShouldAllBe(c => c.Ids.Count <= 100);
    }

    /// <summary>Site S1 with recipients R0001.. on the sink, red today; chunks of <paramref name="chunkSize"/>.</summary>
    private async Task<TestServices> ArrangeAsync(WebhookSink webhooks, int recipients, int chunkSize, CancellationToken ct)
    {
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0, 40.5, 40.0]));
        var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
            ["Storage:DeliveryChunkSize"] = chunkSize.ToString(CultureInfo.InvariantCulture),
        });
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. Ids(1, recipients).Select(id => $"{id},S1,Worker {id},worker,webhook,{webhooks.Url($"/hooks/{id}")},en,,")]), ct);
        return services;
    }

    private static List<string> Ids(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(i => string.Create(CultureInfo.InvariantCulture, $"R{i:D4}"))];

    private static Dictionary<string, int> Buckets(IEnumerable<(IReadOnlyList<string> Ids, int Bucket)> chunks) =>
        chunks.SelectMany(c => c.Ids.Select(id => (id, c.Bucket))).ToDictionary(x => x.id, x => x.Bucket, StringComparer.Ordinal);

    /// <summary>Runs a split fan-out's chunking over <paramref name="ids"/> (ascending), as the fan-out does; returns what it sent.</summary>
    private static async Task<List<(IReadOnlyList<string> Ids, int Bucket)>> ChunkAsync(TestServices services, Alert alert, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var sent = new List<(IReadOnlyList<string> Ids, int Bucket)>();
        var chunker = (await services.Get<SiteDelivery>().SplitAsync(alert, (chunk, bucket) =>
        {
            sent.Add((chunk, bucket));
            return Task.CompletedTask;
        }, ct)).ShouldNotBeNull();
        foreach (var id in ids)
        {
            await chunker.AddAsync(id, ct);
        }

        await chunker.FlushAsync(ct);
        return sent;
    }

    /// <summary>Takes the deliveries queue's messages as they become visible (a delayed one within seconds).</summary>
    private static async Task<List<string>> ReceiveDueAsync(TestServices services, CancellationToken ct)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await services.DrainAsync(QueueNames.Deliveries, ct) is { Count: > 0 } bodies)
            {
                return bodies;
            }

            await Task.Delay(250, ct);
        }

        return [];
    }
}

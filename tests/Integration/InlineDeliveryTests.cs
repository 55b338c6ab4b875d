using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.HeatCheck;
using HeatRelief.Notifications;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Issue 13, step 3: an ordinary site is told by the alert's own handler from the recipients it read, with one audit
/// row per message; a site over the in-line limit still gets chunk messages on the deliveries queue.
/// </summary>
public sealed class InlineDeliveryTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task InLine_OrdinarySite_DeliversFromTheAlertHandlerReadingOnlySiteAndRecipientsWithOneSummaryRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 5, ct);
        await services.Get<HeatCheckService>().RunAsync("test", ct);

        var message = (await services.DrainAsync(QueueNames.Alerts, ct)).Single();
        var reads = await TableReadsAsync(services, () => services.Get<FanOutService>().HandleAsync(message, 1, "m", ct));

        reads.ShouldBe(2, "the site and one page of whole recipients; no recipient read again by key, no claim read");
        (await services.DrainAsync(QueueNames.Deliveries, ct)).ShouldBeEmpty("nothing goes through the deliveries queue");
        webhooks.Calls.Count.ShouldBe(5);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        var (alert, progress) = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single();
        progress.FanOutCompleted.ShouldBeTrue();
        var records = await services.Get<DeliveryStore>().ListAsync(alert.Id, ct);
        records.Count.ShouldBe(5);
        records.ShouldAllBe(r => r.Status == DeliveryStatus.Delivered && r.Attempts == 1 && r.SiteId == "S1" && r.Level == "red" && r.SettledAt != null);

        var query = services.Get<AuditQuery>();
        var summary = (await query.QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationSummary), ct)).Records.ShouldHaveSingleItem();
        summary.AlertId.ShouldBe(alert.Id);
        summary.Message.ShouldBe($"Alert {alert.Id} (in-line): 5 delivered, 0 failed, 0 deferred, 0 skipped; visit requested");
        (await query.QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationQueued), ct)).Records.ShouldBeEmpty("nothing was queued");
    }

    [Fact]
    public async Task InLine_SendsFailTransientlyThenTheRetrySucceeds_EachRecipientToldOnceWithOneRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 6, ct);
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        // R3 and R5 fail with 503 on their first two tries (one in-handler retry each), then succeed.
        webhooks.Respond = (path, _) => (path.EndsWith("/R3", StringComparison.Ordinal) || path.EndsWith("/R5", StringComparison.Ordinal))
            && failures.AddOrUpdate(path, 1, (_, n) => n + 1) <= 2 ? 503 : 200;
        await services.Get<HeatCheckService>().RunAsync("test", ct);
        var message = (await services.DrainAsync(QueueNames.Alerts, ct)).Single();
        var fanOut = services.Get<FanOutService>();

        await Should.ThrowAsync<TransientDeliveryException>(() => fanOut.HandleAsync(message, 1, "m", ct));
        var (alert, progress) = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single();
        progress.FanOutCompleted.ShouldBeFalse("the retry has work left");
        var afterFailure = await services.Get<DeliveryStore>().ListAsync(alert.Id, ct);
        afterFailure.Where(r => r.Status == DeliveryStatus.Delivered).Select(r => r.RecipientId).Order().ShouldBe(["R1", "R2", "R4", "R6"]);

        await fanOut.HandleAsync(message, 2, "m", ct);

        var records = await services.Get<DeliveryStore>().ListAsync(alert.Id, ct);
        records.Count.ShouldBe(6);
        records.ShouldAllBe(r => r.Status == DeliveryStatus.Delivered);
        var successes = webhooks.Calls.Where(c => c.AnsweredStatus == 200).GroupBy(c => c.IdempotencyKey).ToList();
        successes.Count.ShouldBe(6);
        successes.ShouldAllBe(g => g.Count() == 1, "no recipient is sent twice successfully");
        var summaries = (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationSummary), ct)).Records
            .Select(r => r.Message).Order(StringComparer.Ordinal).ToList();
        summaries.ShouldBe([
            $"Alert {alert.Id} (in-line): 2 delivered, 0 failed, 0 deferred, 0 skipped; visit requested",
            $"Alert {alert.Id} (in-line): 4 delivered, 0 failed, 0 deferred, 0 skipped, 2 to retry; visit requested"]);
    }

    [Fact]
    public async Task InLine_PermanentFailures_OneFailedRowNamesThemAndTheDeliveriesHoldTheReasons()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        webhooks.Respond = (path, _) => path.EndsWith("/R2", StringComparison.Ordinal) || path.EndsWith("/R4", StringComparison.Ordinal) ? 410 : 200;
        await using var services = await ArrangeAsync(webhooks, recipients: 4, ct);
        await services.Get<HeatCheckService>().RunAsync("test", ct);

        await services.Get<FanOutService>().HandleAsync((await services.DrainAsync(QueueNames.Alerts, ct)).Single(), 1, "m", ct);

        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var records = (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).ToDictionary(r => r.RecipientId);
        records["R2"].Status.ShouldBe(DeliveryStatus.Failed);
        records["R2"].Reason.ShouldNotBeNullOrEmpty();
        records["R4"].Status.ShouldBe(DeliveryStatus.Failed);
        var query = services.Get<AuditQuery>();
        var failed = (await query.QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationFailed), ct)).Records.ShouldHaveSingleItem();
        failed.AlertId.ShouldBe(alert.Id);
        failed.Message.ShouldStartWith($"Alert {alert.Id} (in-line): 2 delivered, 2 failed, 0 deferred, 0 skipped; failed: R2 (");
        failed.Message.ShouldContain(", R4 (");
        (await query.QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationSummary), ct)).Records.ShouldBeEmpty("the message's one row is the failed one");
    }

    [Fact]
    public async Task InLine_RecipientInQuietHours_IsDeferredToADelayedMessageThatDeliversAfterTheWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        // 10:00 in Beijing; R2 is quiet 09:00-11:00, and an orange alert waits for it.
        await using var services = await ArrangeAsync(webhooks, recipients: 2, ct, maxC: 37.5, quiet: id => id == 2 ? "09:00,11:00" : ",");
        await services.Get<HeatCheckService>().RunAsync("test", ct);

        await services.Get<FanOutService>().HandleAsync((await services.DrainAsync(QueueNames.Alerts, ct)).Single(), 1, "m", ct);

        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var deliveries = services.Get<DeliveryStore>();
        var records = (await deliveries.ListAsync(alert.Id, ct)).ToDictionary(r => r.RecipientId);
        records["R1"].Status.ShouldBe(DeliveryStatus.Delivered);
        records["R2"].Status.ShouldBe(DeliveryStatus.Deferred);
        records["R2"].DeferredUntil.ShouldBe(new DateTimeOffset(2026, 7, 15, 11, 0, 0, TimeSpan.FromHours(8)));
        webhooks.Calls.Select(c => c.Path).ShouldBe(["/hooks/R1"]);

        // The delayed message (Azurite keeps its real delay, so the test hands over its twin), once the window is over:
        // DeliveryService sends R2 and settles its record.
        var client = await services.Get<StorageClients>().QueueAsync(QueueNames.Deliveries, ct);
        (await client.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount.ShouldBe(1, "one delayed message for R2");
        services.Clock.SetUtcNow(new DateTimeOffset(2026, 7, 15, 11, 0, 1, TimeSpan.FromHours(8)));
        await services.Get<DeliveryService>().HandleAsync(MessageJson.Serialize(
            new DeliveryChunkMessage(DeliveryChunkMessage.CurrentVersion, alert.Id, alert.DateKey, "S1", ["R2"], Deferred: true)), 1, "delayed", ct);

        var r2 = (await deliveries.ListAsync(alert.Id, ct)).Single(r => r.RecipientId == "R2");
        r2.Status.ShouldBe(DeliveryStatus.Delivered);
        r2.Attempts.ShouldBe(1);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBe([$"{alert.Id}:R1", $"{alert.Id}:R2"], ignoreOrder: true);
    }

    [Fact]
    public async Task FanOut_SiteOverTheInlineLimit_QueuesChunkMessagesThatDeliveryDelivers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 5, ct, inlineMax: 4, chunkSize: 2);
        await services.Get<HeatCheckService>().RunAsync("test", ct);

        await services.Get<FanOutService>().HandleAsync((await services.DrainAsync(QueueNames.Alerts, ct)).Single(), 1, "m", ct);

        webhooks.Calls.ShouldBeEmpty("a large site is told through the deliveries queue");
        var chunks = await services.DrainAsync(QueueNames.Deliveries, ct);
        chunks.Count.ShouldBe(3, "5 recipients in chunks of 2");
        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var query = services.Get<AuditQuery>();
        (await query.QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationQueued), ct)).Records.ShouldHaveSingleItem()
            .Message.ShouldBe($"Alert {alert.Id}: 5 notifications queued in 3 delivery messages; visit requested");
        foreach (var chunk in chunks)
        {
            await services.Get<DeliveryService>().HandleAsync(chunk, 1, "chunk", ct);
        }

        webhooks.Calls.Select(c => c.IdempotencyKey).Distinct().Count().ShouldBe(5);
        (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).ShouldAllBe(r => r.Status == DeliveryStatus.Delivered);
        (await query.QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationSummary), ct)).Records.Count.ShouldBe(3, "one row per delivery message");
    }

    private async Task<TestServices> ArrangeAsync(WebhookSink webhooks, int recipients, CancellationToken ct, double maxC = 41.0, Func<int, string>? quiet = null, int? inlineMax = null, int? chunkSize = null)
    {
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [maxC]));
        var settings = new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
        };
        if (inlineMax is { } max)
        {
            settings["Storage:InlineDeliveryMaxRecipients"] = max.ToString(CultureInfo.InvariantCulture);
        }

        if (chunkSize is { } size)
        {
            settings["Storage:DeliveryChunkSize"] = size.ToString(CultureInfo.InvariantCulture);
        }

        var services = new TestServices(azurite, settings);
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. Enumerable.Range(1, recipients).Select(i => $"R{i},S1,Worker {i},worker,webhook,{webhooks.Url($"/hooks/R{i}")},{(i % 2 == 0 ? "zh" : "en")},{quiet?.Invoke(i) ?? ","}")]), ct);
        return services;
    }

    private static async Task<long> TableReadsAsync(TestServices services, Func<Task> work)
    {
        var counter = services.Get<StorageRequestCounter>();
        var before = counter.Snapshot().GetValueOrDefault("table GET");
        await work();
        return counter.Snapshot().GetValueOrDefault("table GET") - before;
    }
}

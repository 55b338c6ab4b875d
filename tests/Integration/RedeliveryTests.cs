using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;
using HeatRelief.Notifications;

namespace HeatRelief.Tests.Integration;

/// <summary>At-least-once delivery: every hop processed twice, or failing half-way, still sends once per recipient.</summary>
public sealed class RedeliveryTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task Redelivery_SameAlertAndChunksTwice_SendsAndRecordsOncePerRecipient()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 5, ct);

        await services.Get<HeatCheckService>().RunAsync("test", ct);
        var alertMessages = await services.DrainAsync(QueueNames.Alerts, ct);
        alertMessages.Count.ShouldBe(2, "red today and tomorrow");
        var fanOut = services.Get<FanOutService>();
        // The second handling is a redelivery, as the queue hands it over: its dequeue count is 2. (A first attempt
        // with the heat check's copy of the alert skips the alert read; MessageCopyTests.)
        foreach (var (body, attempt) in alertMessages.Select(b => (b, 1)).Concat(alertMessages.Select(b => (b, 2))))
        {
            await fanOut.HandleAsync(body, attempt, "m", ct);
        }

        var chunks = await services.DrainAsync(QueueNames.Deliveries, ct);
        chunks.Count.ShouldBe(2, "the second fan-out of a completed alert adds nothing");
        var delivery = services.Get<DeliveryService>();
        foreach (var body in chunks.Concat(chunks))
        {
            await delivery.HandleAsync(body, 1, "m", ct);
        }

        webhooks.Calls.Count.ShouldBe(10);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        var alerts = await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct);
        var records = await services.Get<DeliveryStore>().ListAsync(alerts.Single().Alert.Id, ct);
        records.Count.ShouldBe(5);
        records.ShouldAllBe(r => r.Status == DeliveryStatus.Delivered && r.Attempts == 1);
    }

    [Fact]
    public async Task Redelivery_HandlerFailsMidChunkThenSucceeds_EveryRecipientHasExactlyOneRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 6, ct, lookaheadDays: 0);
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        // R3 and R5 fail with 503 on their first two tries (one in-handler retry each), then succeed.
        webhooks.Respond = (path, _) => (path.EndsWith("/R3", StringComparison.Ordinal) || path.EndsWith("/R5", StringComparison.Ordinal))
            && failures.AddOrUpdate(path, 1, (_, n) => n + 1) <= 2 ? 503 : 200;

        await services.Get<HeatCheckService>().RunAsync("test", ct);
        foreach (var body in await services.DrainAsync(QueueNames.Alerts, ct))
        {
            await services.Get<FanOutService>().HandleAsync(body, 1, "m", ct);
        }

        var chunk = (await services.DrainAsync(QueueNames.Deliveries, ct)).Single();
        var delivery = services.Get<DeliveryService>();
        await Should.ThrowAsync<TransientDeliveryException>(() => delivery.HandleAsync(chunk, 1, "m", ct));
        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var afterFailure = await services.Get<DeliveryStore>().ListAsync(alert.Id, ct);
        afterFailure.Count(r => r.Status == DeliveryStatus.Delivered).ShouldBe(4);
        afterFailure.Where(r => r.Status == DeliveryStatus.Sending).Select(r => r.RecipientId).Order().ShouldBe(["R3", "R5"]);

        await delivery.HandleAsync(chunk, 2, "m", ct);

        var records = await services.Get<DeliveryStore>().ListAsync(alert.Id, ct);
        records.Count.ShouldBe(6);
        records.ShouldAllBe(r => r.Status == DeliveryStatus.Delivered);
        records.Single(r => r.RecipientId == "R3").Attempts.ShouldBe(2);
        var successes = webhooks.Calls.Where(c => c.AnsweredStatus == 200).GroupBy(c => c.IdempotencyKey).ToList();
        successes.Count.ShouldBe(6);
        successes.ShouldAllBe(g => g.Count() == 1, "no recipient is sent twice successfully");
    }

    private async Task<TestServices> ArrangeAsync(WebhookSink webhooks, int recipients, CancellationToken ct, int lookaheadDays = 1)
    {
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0, 40.5, 40.0]));
        var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = lookaheadDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The deliveries-queue path (a large site's chunks, older messages); InlineDeliveryTests covers the in-line one.
            ["Storage:InlineDeliveryMaxRecipients"] = "0",
        });
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. Enumerable.Range(1, recipients).Select(i => $"R{i},S1,Worker {i},worker,webhook,{webhooks.Url($"/hooks/R{i}")},en,,")]), ct);
        return services;
    }
}

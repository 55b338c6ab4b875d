using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
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
/// Issue 13, step 4: the in-line delivery claims each chunk of recipients with one row (DeliveryChunks), all chunks of
/// a message in one batch, and writes each Deliveries row once, after the send. A live claim of another message sends
/// the message back; an expired one is taken over by ETag, and the taker sends only to recipients without a final row.
/// </summary>
public sealed class ChunkClaimTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Fact]
    public async Task InLine_ThreeChunks_OneClaimRowEachAndEveryDeliveriesRowWrittenOnceWithItsColumns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 250, ct);
        var message = await HeatCheckAsync(services, ct);
        var writes = services.Get<StorageRequestCounter>().EntityWrites;
        writes.Enabled = true;
        var before = writes.Snapshot();

        await services.Get<FanOutService>().HandleAsync(message, 1, "m", ct);

        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var claims = await RowsAsync(services, TableNames.DeliveryChunks, ct);
        claims.Select(c => (c.RowKey, c.GetString("FirstRecipientId"), c.GetString("LastRecipientId"), c.GetInt32("Recipients"), c.GetString("Owner")))
            .ShouldBe([("00000", "R001", "R100", 100, "m"), ("00001", "R101", "R200", 100, "m"), ("00002", "R201", "R250", 50, "m")]);
        claims.ShouldAllBe(c => c.PartitionKey == alert.Id && c.GetInt32("Attempts") == 1);
        var rows = await RowsAsync(services, TableNames.Deliveries, ct);
        rows.Count.ShouldBe(250);
        var row = rows.Single(r => r.RowKey == "R007");
        row.PartitionKey.ShouldBe(alert.Id);
        (row.GetString("AlertId"), row.GetString("SiteId"), row.GetString("Date"), row.GetString("Level"), row.GetString("Channel"), row.GetString("Status"), row.GetInt32("Attempts"))
            .ShouldBe((alert.Id, "S1", alert.DateKey, "red", "webhook", "Delivered", 1));
        row.GetString("IdempotencyKey").ShouldBe(DeliveryService.IdempotencyKey(alert.Id, "R007"));
        row.GetDateTimeOffset("CreatedAt").ShouldNotBeNull();
        row.GetDateTimeOffset("SettledAt").ShouldNotBeNull();

        // Writes of the delivery itself: 3 claims, 250 rows, one audit row (plus the alert's mark and the visit's own).
        var delta = writes.Snapshot();
        Writes(delta, before, TableNames.Deliveries).ShouldBe(250, "each row once, after the send");
        Writes(delta, before, TableNames.DeliveryChunks).ShouldBe(3);
        Writes(delta, before, TableNames.AuditLog).ShouldBe(1);
        webhooks.Calls.Count.ShouldBe(250);
    }

    [Fact]
    public async Task InLine_AnotherMessagesLiveClaim_SendsTheMessageBackAndSendsNothing_ThenTakesTheExpiredClaimOver()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 3, ct);
        var message = await HeatCheckAsync(services, ct);
        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var now = services.Clock.GetUtcNow();
        (await services.Get<ChunkClaimStore>().TryInsertAllAsync([ChunkClaim.New(alert.Id, "S1", 0, "other", now.AddMinutes(10), ["R1", "R2", "R3"])], ct)).ShouldBeTrue();

        await services.Get<FanOutService>().HandleAsync(message, 1, "m", ct);

        webhooks.Calls.ShouldBeEmpty("another live handler may be sending");
        (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).ShouldBeEmpty();
        (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Progress.FanOutCompleted.ShouldBeFalse();
        var alerts = await services.Get<StorageClients>().QueueAsync(QueueNames.Alerts, ct);
        (await alerts.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount.ShouldBe(1, "sent back, to come back after the lease");
        (await alerts.PeekMessagesAsync(1, ct)).Value.ShouldBeEmpty("delayed until the lease can have run out");

        // After the lease: the message that comes back (another id) takes the claim over by its ETag and sends.
        services.Clock.Advance(TimeSpan.FromMinutes(11));
        await services.Get<FanOutService>().HandleAsync(message, 1, "back", ct);

        webhooks.Calls.Select(c => c.IdempotencyKey).Order().ShouldBe([.. new[] { "R1", "R2", "R3" }.Select(r => DeliveryService.IdempotencyKey(alert.Id, r))]);
        var claim = (await RowsAsync(services, TableNames.DeliveryChunks, ct)).ShouldHaveSingleItem();
        (claim.GetString("Owner"), claim.GetInt32("Attempts")).ShouldBe(("back", 2));
        (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).ShouldAllBe(r => r.Status == DeliveryStatus.Delivered && r.Attempts == 2);
        (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Progress.FanOutCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task InLine_TakeOverAfterAKillBeforeSomeRows_SendsOnlyToRecipientsWithoutAFinalRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 5, ct);
        var message = await HeatCheckAsync(services, ct);
        await services.Get<FanOutService>().HandleAsync(message, 1, "first", ct);
        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        webhooks.Calls.Count.ShouldBe(5);

        // As if the first handler had died with R2's row unwritten and R4's left "Sending" by a failed send.
        var table = await services.Get<StorageClients>().TableAsync(TableNames.Deliveries, ct);
        await table.DeleteEntityAsync(alert.Id, "R2", cancellationToken: ct);
        await table.UpdateEntityAsync(new TableEntity(alert.Id, "R4") { ["Status"] = "Sending" }, Azure.ETag.All, TableUpdateMode.Merge, ct);

        // A message for the alert that skips its mark (a first attempt carrying the copy) finds the claim live...
        await services.Get<FanOutService>().HandleAsync(message, 1, "second", ct);
        webhooks.Calls.Count.ShouldBe(5, "held while the first handler's lease lasts");

        // ...and after the lease takes it over: only R2 and R4 are sent again, with their keys.
        services.Clock.Advance(TimeSpan.FromSeconds(new StorageOptions().ChunkClaimLeaseSeconds + 1));
        await services.Get<FanOutService>().HandleAsync(message, 1, "third", ct);

        webhooks.Calls.Skip(5).Select(c => c.IdempotencyKey).Order().ShouldBe([DeliveryService.IdempotencyKey(alert.Id, "R2"), DeliveryService.IdempotencyKey(alert.Id, "R4")]);
        var records = (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).ToDictionary(r => r.RecipientId);
        records.Count.ShouldBe(5);
        records.Values.ShouldAllBe(r => r.Status == DeliveryStatus.Delivered);
        records["R2"].Attempts.ShouldBe(2);
        records["R1"].Attempts.ShouldBe(1, "a final row is left as it was");
    }

    [Fact]
    public async Task InLine_RecipientsAddedBetweenAttempts_ANewChunkStillSkipsRecipientsAlreadyTold()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, recipients: 150, ct);
        var message = await HeatCheckAsync(services, ct);
        await services.Get<FanOutService>().HandleAsync(message, 1, "m", ct);
        webhooks.Calls.Count.ShouldBe(150);

        // Sixty recipients whose ids sort first arrive before a redelivery (its copy skips the mark): the chunks shift,
        // and the second chunk (R041-R140 now) and a new third one (R141-R150 before, never claimed) hold recipients told.
        await services.Get<SiteDirectory>().UpsertRecipientsAsync([.. Enumerable.Range(1, 60).Select(i =>
            new Recipient($"A{i:D3}", "S1", $"New {i}", "worker", "webhook", webhooks.Url($"/hooks/A{i:D3}"), "en", null, null))], ct);
        await services.Get<FanOutService>().HandleAsync(message, 1, "m", ct);

        var again = webhooks.Calls.Skip(150).Select(c => c.Path).ToList();
        again.Count.ShouldBe(60, "only the new recipients");
        again.ShouldAllBe(p => p.StartsWith("/hooks/A", StringComparison.Ordinal));
        var alert = (await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).Count(r => r.Status == DeliveryStatus.Delivered).ShouldBe(210);
    }

    private static long Writes(IReadOnlyDictionary<string, long> after, IReadOnlyDictionary<string, long> before, string table) =>
        after.Where(p => p.Key.Split('/')[0].EndsWith(table, StringComparison.Ordinal)).Sum(p => p.Value)
        - before.Where(p => p.Key.Split('/')[0].EndsWith(table, StringComparison.Ordinal)).Sum(p => p.Value);

    private static async Task<List<TableEntity>> RowsAsync(TestServices services, string tableName, CancellationToken ct)
    {
        var table = await services.Get<StorageClients>().TableAsync(tableName, ct);
        return [.. (await table.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct)).OrderBy(e => e.RowKey, StringComparer.Ordinal)];
    }

    private static async Task<string> HeatCheckAsync(TestServices services, CancellationToken ct)
    {
        await services.Get<HeatCheckService>().RunAsync("test", ct);
        QueueClient client = await services.Get<StorageClients>().QueueAsync(QueueNames.Alerts, ct);
        var received = (await client.ReceiveMessagesAsync(1, cancellationToken: ct)).Value.ShouldHaveSingleItem();
        await client.DeleteMessageAsync(received.MessageId, received.PopReceipt, ct);
        return received.Body.ToString();
    }

    private async Task<TestServices> ArrangeAsync(WebhookSink webhooks, int recipients, CancellationToken ct)
    {
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0]));
        var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
        });
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        var width = recipients >= 100 ? 3 : 1;
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. Enumerable.Range(1, recipients).Select(i => $"R{i.ToString(new string('0', width), CultureInfo.InvariantCulture)},S1,Worker {i},worker,webhook,{webhooks.Url($"/hooks/R{i}")},en,,")]), ct);
        return services;
    }
}

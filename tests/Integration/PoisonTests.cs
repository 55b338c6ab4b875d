using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>Malformed and failing messages end in the poison queue and the audit log; the host keeps working.</summary>
public sealed class PoisonTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Poison_MalformedAndFailingMessages_EndInPoisonQueuesAndAuditWhileHostKeepsWorking()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        webhooks.Respond = (path, _) => path.StartsWith("/down", StringComparison.Ordinal) ? 500 : 200;
        var folder = TestPaths.NewTempFolder();
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0, 40.5, 40.0]));
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
        }, Now);
        await harness.StartAsync(ct);
        var importer = harness.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            $"R1,S1,Up,worker,webhook,{webhooks.Url("/up/R1")},en,,",
            $"R2,S1,Down,worker,webhook,{webhooks.Url("/down/R2")},en,,"), ct);
        var sender = harness.Get<QueueSender>();

        // Not JSON, a wrong schema version, and an id that is not table-key safe: rejected at once.
        await sender.SendRawAsync(QueueNames.Alerts, "this is not json", ct);
        await sender.SendRawAsync(QueueNames.Alerts, """{"schemaVersion":9,"alertId":"A1","date":"2026-07-15"}""", ct);
        await sender.SendRawAsync(QueueNames.Deliveries, """{"schemaVersion":1,"alertId":"a/b#c","date":"2026-07-15","siteId":"S1","recipientIds":["R1"]}""", ct);
        // Well-formed, but for an alert that does not exist: permanent, rejected without retries.
        await sender.SendRawAsync(QueueNames.Alerts, """{"schemaVersion":1,"alertId":"S9_20260715_red","date":"2026-07-15"}""", ct);

        // Then real work: R1 is delivered, R2's webhook keeps answering 500 until the alert's message (delivered in-line) is poisoned.
        await harness.HeatCheckAndDrainAsync(ct);

        var clients = harness.Get<StorageClients>();
        var alertsPoison = await PeekAllAsync(clients, QueueNames.Poison(QueueNames.Alerts), ct);
        alertsPoison.Count.ShouldBe(4, "three rejected at once, and the alert whose in-line delivery kept failing, after its last attempt");
        alertsPoison.ShouldContain("this is not json");
        var deliveriesPoison = await PeekAllAsync(clients, QueueNames.Poison(QueueNames.Deliveries), ct);
        deliveriesPoison.ShouldHaveSingleItem().ShouldContain("a/b#c", Case.Sensitive, "the unsafe id, at once");

        webhooks.Calls.Count(c => c.Path == "/down/R2").ShouldBe(10, "5 attempts, each with one in-handler retry");
        var alert = (await harness.Get<AlertStore>().ListAsync("2026-07-15", ct)).Single().Alert;
        var records = await harness.Get<DeliveryStore>().ListAsync(alert.Id, ct);
        records.Single(r => r.RecipientId == "R1").Status.ShouldBe(DeliveryStatus.Delivered);
        webhooks.Calls.Count(c => c.Path == "/up/R1").ShouldBe(1, "the retries send only what has no final record");
        alertsPoison.ShouldContain(b => b.Contains(alert.Id, StringComparison.Ordinal));
        records.Single(r => r.RecipientId == "R2").Status.ShouldBe(DeliveryStatus.Sending, "never settled: its message is in the poison queue");
        records.Single(r => r.RecipientId == "R2").Attempts.ShouldBe(5);

        var audit = await AuditKindsAsync(clients, ct);
        audit.Count(k => k == AuditKinds.MessageRejected).ShouldBe(4);
        audit.Count(k => k == AuditKinds.MessagePoisoned).ShouldBe(1);
        audit.ShouldContain(AuditKinds.NotificationSummary);
    }

    [Fact]
    public async Task Reject_BodyTooBigForAQueueMessage_IsKeptClippedOnThePoisonQueueAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var body = "{\"alertId\":\"" + new string('x', 1024 * 1024) + "\"}";

        await services.Get<PoisonMessages>().RejectAsync(QueueNames.Alerts, body, "m1", "alertId is not a valid id", ct);

        var kept = (await PeekAllAsync(services.Get<StorageClients>(), QueueNames.Poison(QueueNames.Alerts), ct)).ShouldHaveSingleItem();
        System.Text.Encoding.UTF8.GetByteCount(kept).ShouldBeLessThanOrEqualTo(PoisonMessages.MaxPoisonBodyBytes);
        body.ShouldStartWith(kept);
        var record = (await VisitScenario.AuditAsync(services.Provider, AuditKinds.MessageRejected, ct)).ShouldHaveSingleItem();
        record.GetString("Details").ShouldContain("\"clipped\":true");
    }

    private static async Task<List<string>> PeekAllAsync(StorageClients clients, string queue, CancellationToken ct)
    {
        var client = await clients.QueueAsync(queue, ct);
        return [.. (await client.PeekMessagesAsync(32, ct)).Value.Select(m => m.Body.ToString())];
    }

    private static async Task<List<string>> AuditKindsAsync(StorageClients clients, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.AuditLog, ct);
        var kinds = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["Kind"], cancellationToken: ct))
        {
            kinds.Add(e.GetString("Kind"));
        }

        return kinds;
    }
}

using Azure.Data.Tables;
using Azure.Storage.Queues;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.Messaging;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Poison queues listed without side effects; one message moved back to its source queue, or discarded, and
/// audited; a body that is not Base64 (put by a tool with the encoding off) breaks none of it.
/// </summary>
public sealed class PoisonQueueServiceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PoisonQueueService_List_ShowsEveryPoisonQueueDecoded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var sender = services.Get<QueueSender>();
        await sender.SendRawAsync(QueueNames.Poison(QueueNames.Alerts), "this is not json", ct);
        await sender.SendRawAsync(QueueNames.Poison(QueueNames.Deliveries), """{"schemaVersion":1,"alertId":"S1_20260715_red"}""", ct);

        var listed = await services.Get<PoisonQueueService>().ListAsync(ct: ct);

        listed.Select(m => (m.Queue, m.PoisonQueue, m.Body)).ShouldBe(
        [
            (QueueNames.Alerts, "alerts-poison", "this is not json"),
            (QueueNames.Deliveries, "deliveries-poison", """{"schemaVersion":1,"alertId":"S1_20260715_red"}"""),
        ]);
        listed.ShouldAllBe(m => m.MessageId.Length > 0 && m.InsertedOn != null && m.DequeueCount == 0);
        (await services.Get<PoisonQueueService>().ListAsync(ct: ct)).Count.ShouldBe(2, "peeking hides nothing");
        await Should.ThrowAsync<ReviewValidationException>(() => services.Get<PoisonQueueService>().ListAsync(33, ct));
    }

    [Fact]
    public async Task PoisonQueueService_Replay_MovesTheMessageBackAndAuditsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var sender = services.Get<QueueSender>();
        foreach (var body in new[] { "first", "second", "third" })
        {
            await sender.SendRawAsync(QueueNames.Poison(QueueNames.Alerts), body, ct);
        }

        var poison = services.Get<PoisonQueueService>();
        var second = (await poison.ListAsync(ct: ct)).Single(m => m.Body == "second");

        var result = await poison.ReplayAsync(QueueNames.Alerts, second.MessageId, "admin@example.org", ct);

        result.ShouldBe(ReplayResult.Replayed);
        (await PeekAsync(services, QueueNames.Alerts, ct)).ShouldBe(["second"]);
        (await PeekAsync(services, QueueNames.Poison(QueueNames.Alerts), ct)).ShouldBe(["first", "third"], "the others are visible again at once");
        var audit = (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.MessageReplayed), ct)).Records.Single();
        audit.Actor.ShouldBe("admin@example.org");
        audit.CorrelationId.ShouldBe(second.MessageId);
        audit.Message.ShouldBe($"Message {second.MessageId} moved from 'alerts-poison' back to 'alerts'");

        (await poison.ReplayAsync(QueueNames.Alerts, second.MessageId, "admin", ct)).ShouldBe(ReplayResult.NotFound, "already replayed");
        (await PeekAsync(services, QueueNames.Alerts, ct)).ShouldBe(["second"], "sent once");
    }

    [Fact]
    public async Task PoisonQueueService_Replay_FindsAMessageBeyondTheFirstBatchAndHidesNothingAfterwards()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var sender = services.Get<QueueSender>();
        for (var i = 0; i < 39; i++)
        {
            await sender.SendRawAsync(QueueNames.Poison(QueueNames.Deliveries), $"m{i:D2}", ct);
        }

        // The 40th: beyond the 32 that one receive (or peek) returns.
        var client = await services.Get<StorageClients>().QueueAsync(QueueNames.Poison(QueueNames.Deliveries), ct);
        var deep = (await client.SendMessageAsync("m39", ct)).Value.MessageId;

        (await services.Get<PoisonQueueService>().ReplayAsync(QueueNames.Deliveries, deep, "admin", ct)).ShouldBe(ReplayResult.Replayed);

        (await PeekAsync(services, QueueNames.Deliveries, ct)).ShouldBe(["m39"]);
        var visible = (await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(5), ct)).Value.Length
            + (await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(5), ct)).Value.Length;
        visible.ShouldBe(39, "every message the search hid is visible again, and only the replayed one is gone");
    }

    [Fact]
    public async Task PoisonQueueService_Replay_UnknownQueueIsValidationErrorUnknownMessageIsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<QueueSender>().SendRawAsync(QueueNames.Poison(QueueNames.Alerts), "kept", ct);
        var poison = services.Get<PoisonQueueService>();

        (await Should.ThrowAsync<ReviewValidationException>(() => poison.ReplayAsync("alerts-poison", "x", "admin", ct))).ParamName.ShouldBe("queue");
        (await Should.ThrowAsync<ReviewValidationException>(() => poison.ReplayAsync("nope' or '1", "x", "admin", ct))).ParamName.ShouldBe("queue");
        (await Should.ThrowAsync<ReviewValidationException>(() => poison.ReplayAsync(QueueNames.Alerts, "x", " ", ct))).ParamName.ShouldBe("actor");
        (await poison.ReplayAsync(QueueNames.Alerts, "no-such-id", "admin", ct)).ShouldBe(ReplayResult.NotFound);
        (await poison.ReplayAsync(QueueNames.Deliveries, "no-such-id", "admin", ct)).ShouldBe(ReplayResult.NotFound, "an empty poison queue");

        (await PeekAsync(services, QueueNames.Poison(QueueNames.Alerts), ct)).ShouldBe(["kept"], "a search that finds nothing hides nothing");
        (await PeekAsync(services, QueueNames.Alerts, ct)).ShouldBeEmpty();
        var table = await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        (await table.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PoisonQueueService_BodyNotBase64_ListedAsTextAuditedOnceAndReplayOrDiscardStillWork()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var sender = services.Get<QueueSender>();
        await sender.SendRawAsync(QueueNames.Poison(QueueNames.Alerts), "first", ct);
        var unencoded = await PutUnencodedAsync(services.Configuration, services.Get<StorageClients>(), QueueNames.Poison(QueueNames.Alerts), "plain text <not> Base64 & \u00e9t\u00e9", ct);
        await sender.SendRawAsync(QueueNames.Poison(QueueNames.Alerts), "third", ct);
        var poison = services.Get<PoisonQueueService>();

        // A replay search meets the unencoded body first: it neither fails nor leaves the others hidden.
        var third = (await RawPeekAsync(services, QueueNames.Poison(QueueNames.Alerts), ct)).Single(m => m.Body.ToString() == Convert.ToBase64String("third"u8)).MessageId;
        (await poison.ReplayAsync(QueueNames.Alerts, third, "admin", ct)).ShouldBe(ReplayResult.Replayed);
        (await PeekAsync(services, QueueNames.Alerts, ct)).ShouldBe(["third"]);
        (await RawPeekAsync(services, QueueNames.Poison(QueueNames.Alerts), ct)).Count.ShouldBe(2, "the search hid nothing it did not take");

        // The list shows it as text, and records it once: it was never rejected by a handler.
        var listed = await poison.ListAsync(ct: ct);
        listed.Select(m => m.Body).Order(StringComparer.Ordinal).ShouldBe(["first", "plain text <not> Base64 & \u00e9t\u00e9"]);
        (await poison.ListAsync(ct: ct)).Count.ShouldBe(2);
        var rejected = (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.MessageRejected), ct)).Records.ShouldHaveSingleItem("audited the first time it is found, not on every list");
        rejected.CorrelationId.ShouldBe(unencoded);
        rejected.Message.ShouldContain("not Base64");
        (await PeekAsync(services, QueueNames.Poison(QueueNames.Alerts), ct)).Count.ShouldBe(2, "kept re-encoded: the ordinary client reads the queue again");

        // An admin discards it: gone, audited with the admin's name and the body.
        var text = listed.Single(m => m.Body.StartsWith("plain", StringComparison.Ordinal));
        (await poison.DiscardAsync(QueueNames.Alerts, text.MessageId, "admin:duty", ct)).ShouldBeTrue();
        (await PeekAsync(services, QueueNames.Poison(QueueNames.Alerts), ct)).ShouldBe(["first"]);
        var discarded = (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.MessageDiscarded), ct)).Records.ShouldHaveSingleItem();
        discarded.Actor.ShouldBe("admin:duty");
        discarded.CorrelationId.ShouldBe(text.MessageId);
        discarded.Message.ShouldBe($"Message {text.MessageId} discarded from 'alerts-poison'");
        (await poison.DiscardAsync(QueueNames.Alerts, text.MessageId, "admin:duty", ct)).ShouldBeFalse("already discarded");
        (await Should.ThrowAsync<ReviewValidationException>(() => poison.DiscardAsync(QueueNames.Alerts, "x", "", ct))).ParamName.ShouldBe("actor");
    }

    [Fact]
    public async Task PoisonQueueService_ReplayOfAnUnencodedBody_SendsItEncodedAsTheTriggerExpects()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var id = await PutUnencodedAsync(services.Configuration, services.Get<StorageClients>(), QueueNames.Poison(QueueNames.Deliveries), """{"schemaVersion":1}""", ct);

        (await services.Get<PoisonQueueService>().ReplayAsync(QueueNames.Deliveries, id, "admin", ct)).ShouldBe(ReplayResult.Replayed);

        (await PeekAsync(services, QueueNames.Deliveries, ct)).ShouldBe(["""{"schemaVersion":1}"""]);
        (await RawPeekAsync(services, QueueNames.Poison(QueueNames.Deliveries), ct)).ShouldBeEmpty();
    }

    /// <summary>Puts a body on a queue through the storage API with the encoding off, as a tool or the REST API can.</summary>
    internal static async Task<string> PutUnencodedAsync(Microsoft.Extensions.Configuration.IConfiguration configuration, StorageClients clients, string logicalQueue, string text, CancellationToken ct)
    {
        var name = (await clients.QueueAsync(logicalQueue, ct)).Name;
        var client = new QueueClient(configuration["AzureWebJobsStorage"], name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        return (await client.SendMessageAsync(text, ct)).Value.MessageId;
    }

    private static async Task<List<Azure.Storage.Queues.Models.PeekedMessage>> RawPeekAsync(TestServices services, string queue, CancellationToken ct)
    {
        var name = (await services.Get<StorageClients>().QueueAsync(queue, ct)).Name;
        var client = new QueueClient(services.Configuration["AzureWebJobsStorage"], name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        return [.. (await client.PeekMessagesAsync(32, ct)).Value];
    }

    private static async Task<List<string>> PeekAsync(TestServices services, string queue, CancellationToken ct)
    {
        var client = await services.Get<StorageClients>().QueueAsync(queue, ct);
        return [.. (await client.PeekMessagesAsync(32, ct)).Value.Select(m => m.Body.ToString())];
    }
}

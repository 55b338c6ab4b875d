using Azure.Data.Tables;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>Poison queues listed without side effects; one message moved back to its source queue, and audited.</summary>
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

    private static async Task<List<string>> PeekAsync(TestServices services, string queue, CancellationToken ct)
    {
        var client = await services.Get<StorageClients>().QueueAsync(queue, ct);
        return [.. (await client.PeekMessagesAsync(32, ct)).Value.Select(m => m.Body.ToString())];
    }
}

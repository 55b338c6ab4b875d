using Azure.Data.Tables;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>The benchmark's count of entity writes by partition, over the real SDK's requests to Azurite.</summary>
public sealed class EntityWriteTallyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Tally_CountsEachEntityOfABatch_InsertsUpdatesAndDeletes_ByPartition()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var counter = services.Get<StorageRequestCounter>();
        var table = await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        await table.AddEntityAsync(new TableEntity("before", "r0"), ct);
        counter.EntityWrites.Snapshot().ShouldBeEmpty("off unless turned on");

        counter.EntityWrites.Enabled = true;
        await table.SubmitTransactionAsync(Enumerable.Range(1, 5).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("day 'A'", $"r{i}") { ["Message"] = "x" })), ct);
        await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity("day 'A'", "r1") { ["Message"] = "y" }, Azure.ETag.All),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("day 'A'", "r9")),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("day 'A'", "r2"), Azure.ETag.All),
        ], ct);
        await table.AddEntityAsync(new TableEntity("B ü", "r1"), ct);
        await table.UpsertEntityAsync(new TableEntity("B ü", "r2"), cancellationToken: ct);
        await table.GetEntityAsync<TableEntity>("B ü", "r1", cancellationToken: ct);
        await table.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct);

        counter.EntityWrites.Snapshot().ShouldBe(new Dictionary<string, long>
        {
            [$"{table.Name}/day 'A'"] = 8,
            [$"{table.Name}/B ü"] = 2,
        }, ignoreOrder: true);

        // Requests by table: two batches and an insert (POST), an upsert (a merge: PATCH), a point read and a query (GET); nothing of the write before it was on.
        counter.EntityWrites.RequestsByTable().ShouldBe(new Dictionary<string, long>
        {
            [$"{table.Name} POST"] = 3,
            [$"{table.Name} PATCH"] = 1,
            [$"{table.Name} GET"] = 2,
        }, ignoreOrder: true);
    }
}

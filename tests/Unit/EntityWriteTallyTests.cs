using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// The benchmark's entity-write count (<see cref="EntityWriteTally"/>) over the real SDK's requests, answered by a stub
/// (every request gets 404, so nothing leaves the process), and the hottest partition's share.
/// </summary>
public sealed class EntityWriteTallyTests
{
    private const string ConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    [Fact]
    public async Task Tally_BatchOfNEntities_CountsN_InOneRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter { EntityWrites = { Enabled = true } };
        var table = Table(counter);

        await Should.ThrowAsync<RequestFailedException>(() => table.SubmitTransactionAsync(
            Enumerable.Range(1, 37).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("day 'A'", $"r{i}") { ["Message"] = "x" })), ct));

        counter.EntityWrites.Snapshot().ShouldBe(new Dictionary<string, long> { ["AuditLog/day 'A'"] = 37 });
        counter.Snapshot().ShouldBe(new Dictionary<string, long> { ["table POST"] = 1 }, "one batch is one request of 37 entity writes");
    }

    [Fact]
    public async Task Tally_CountsUpdatesUpsertsDeletesAndSingleInserts_NotReads_AndNothingWhenOff()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter();
        var table = Table(counter);
        await Should.ThrowAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("before", "r0"), ct));
        counter.EntityWrites.Snapshot().ShouldBeEmpty("off unless turned on");

        counter.EntityWrites.Enabled = true;
        await Should.ThrowAsync<RequestFailedException>(() => table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity("day 'A'", "r1") { ["Message"] = "y" }, ETag.All),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("day 'A'", "r9")),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("day 'A'", "r2"), ETag.All),
        ], ct));
        await Should.ThrowAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("B ü", "r1"), ct));
        await Should.ThrowAsync<RequestFailedException>(() => table.UpsertEntityAsync(new TableEntity("B ü", "r2"), TableUpdateMode.Merge, ct));
        await Should.ThrowAsync<RequestFailedException>(() => table.UpdateEntityAsync(new TableEntity("B ü", "r3"), ETag.All, TableUpdateMode.Replace, ct));
        await table.DeleteEntityAsync("B ü", "r4", ETag.All, ct); // the SDK takes 404 for a delete as done
        await Should.ThrowAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("B ü", "r1", cancellationToken: ct));
        await Should.ThrowAsync<RequestFailedException>(async () => await table.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct));

        counter.EntityWrites.Snapshot().ShouldBe(new Dictionary<string, long>
        {
            ["AuditLog/day 'A'"] = 3,
            ["AuditLog/B ü"] = 4,
        }, ignoreOrder: true);
    }

    [Fact]
    public void HottestPartition_Of_TakesTheLargestShareOfAllWrites()
    {
        var hottest = HottestPartition.Of(new Dictionary<string, long> { ["Deliveries/a1"] = 200, ["AuditLog/2026-11-30"] = 500, ["Alerts/2026-11-30"] = 300 });

        hottest.ShouldBe(new HottestPartition("AuditLog/2026-11-30", 500, 1000));
        hottest.Share.ShouldBe(0.5);
    }

    [Fact]
    public void HottestPartition_Of_NothingWritten_ShareZero_TiesToTheFirstInOrdinalOrder()
    {
        var none = HottestPartition.Of(new Dictionary<string, long>());
        none.ShouldBe(new HottestPartition(string.Empty, 0, 0));
        none.Share.ShouldBe(0);

        var tie = HottestPartition.Of(new Dictionary<string, long> { ["b/1"] = 2, ["a/1"] = 2, ["c/1"] = 4, ["a/0"] = 0 });
        tie.ShouldBe(new HottestPartition("c/1", 4, 8));
        HottestPartition.Of(new Dictionary<string, long> { ["b/1"] = 2, ["a/1"] = 2 }).Partition.ShouldBe("a/1");
    }

    /// <summary>A client of the AuditLog table whose pipeline carries the counting policy, as the registered clients' do.</summary>
    private static TableClient Table(StorageRequestCounter counter)
    {
        var options = new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(new NotFoundHandler())) };
        options.Retry.MaxRetries = 0;
        options.AddPolicy(counter.PolicyFor(StorageService.Table), HttpPipelinePosition.PerRetry);
        return new TableClient(ConnectionString, TableNames.AuditLog, options);
    }

    private sealed class NotFoundHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent(string.Empty) });
    }
}

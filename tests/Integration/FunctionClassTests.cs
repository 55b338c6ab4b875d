using System.Collections.Immutable;
using Azure.Storage.Queues.Models;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Functions.Delivery;
using HeatRelief.Functions.FanOut;
using HeatRelief.Functions.HeatCheck;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;

namespace HeatRelief.Tests.Integration;

/// <summary>The Functions app's trigger classes, invoked directly (Core Tools cannot run here).</summary>
public sealed class FunctionClassTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FunctionClasses_RunDirectly_CarryAnAlertFromTimerToDelivery()
    {
        var ct = TestContext.Current.CancellationToken;
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [38.0, 37.5, 37.0]));
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Weather:RecordingPath"] = recording, ["Alerts:LookaheadDays"] = "0" });
        var folder = TestPaths.NewTempFolder();
        await services.Get<CsvImporter>().ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,Yard,Shunyi,39.8,116.3,courier,40"), ct);
        await services.Get<CsvImporter>().ImportRecipientsAsync(CsvFiles.Write(folder, "r.csv", CsvFiles.RecipientsHeader, "R1,S1,Li,worker,console,13800000000,en,,"), ct);
        var context = new TestFunctionContext(ct);

        await new HeatCheckFunction(services.Get<HeatCheckService>()).Run(new TimerInfo(), context);
        var alertMessage = await ReceiveOneAsync(services, QueueNames.Alerts, ct);
        await new FanOutFunction(services.Get<FanOutService>()).Run(alertMessage, context);
        var chunk = await ReceiveOneAsync(services, QueueNames.Deliveries, ct);
        await new DeliverFunction(services.Get<DeliveryService>()).Run(chunk, context);

        var alert = (await services.Get<AlertStore>().ListAsync("2026-07-15", ct)).Single().Alert;
        alert.Level.ShouldBe(Heat.HeatLevel.Orange);
        (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).Single().Status.ShouldBe(DeliveryStatus.Delivered);
    }

    [Fact]
    public async Task FanOutFunction_MalformedMessage_GoesToPoisonQueueWithoutThrowing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var message = QueuesModelFactory.QueueMessage("m1", "p1", BinaryData.FromString("{\"schemaVersion\":1"), 1);

        await new FanOutFunction(services.Get<FanOutService>()).Run(message, new TestFunctionContext(ct));

        var poison = await services.Get<StorageClients>().QueueAsync(QueueNames.Poison(QueueNames.Alerts), ct);
        (await poison.PeekMessagesAsync(5, ct)).Value.Single().Body.ToString().ShouldBe("{\"schemaVersion\":1");
        var audit = await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        (await audit.QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: ct).ToListAsync(ct)).ShouldContain(e => e.GetString("Kind") == AuditKinds.MessageRejected);
    }

    private static async Task<QueueMessage> ReceiveOneAsync(TestServices services, string queue, CancellationToken ct)
    {
        var client = await services.Get<StorageClients>().QueueAsync(queue, ct);
        var messages = (await client.ReceiveMessagesAsync(10, cancellationToken: ct)).Value;
        messages.Length.ShouldBe(1);
        return messages[0];
    }

    /// <summary>The least FunctionContext a trigger class needs: an invocation id and a cancellation token.</summary>
    private sealed class TestFunctionContext(CancellationToken ct) : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => "test";

        public override TraceContext TraceContext => null!;

        public override BindingContext BindingContext => null!;

        public override RetryContext RetryContext => null!;

        public override IServiceProvider InstanceServices { get; set; } = null!;

        public override FunctionDefinition FunctionDefinition => null!;

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => null!;

        public override CancellationToken CancellationToken => ct;
    }
}

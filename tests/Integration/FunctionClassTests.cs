using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using HeatRelief.Alerts;
using HeatRelief.Api;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Functions.Api;
using HeatRelief.Functions.Visits;
using HeatRelief.Functions.Delivery;
using HeatRelief.Functions.FanOut;
using HeatRelief.Functions.HeatCheck;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;

namespace HeatRelief.Tests.Integration;

/// <summary>The Functions app's trigger classes, invoked directly (Core Tools cannot run here).</summary>
public sealed class FunctionClassTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FunctionClasses_RunDirectly_CarryAnAlertFromTimerToDelivery()
    {
        var ct = TestContext.Current.CancellationToken;
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [38.0, 37.5, 37.0]));
        // Every site through the deliveries queue (as a large one goes), so the deliver function's class runs too.
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
            ["Storage:InlineDeliveryMaxRecipients"] = "0",
        });
        var folder = TestPaths.NewTempFolder();
        await services.Get<CsvImporter>().ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,Yard,Shunyi,39.8,116.3,courier,40"), ct);
        await services.Get<CsvImporter>().ImportRecipientsAsync(CsvFiles.Write(folder, "r.csv", CsvFiles.RecipientsHeader, "R1,S1,Li,worker,console,13800000000,en,,"), ct);
        var context = new TestFunctionContext(ct);

        await new HeatCheckFunction(services.Get<HeatCheckRunner>()).Run(new TimerInfo(), context);
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

    [Fact]
    public async Task OfficerHttpFunctions_AppServicePrincipal_AreTrustedAndShareTheHandlers()
    {
        var ct = TestContext.Current.CancellationToken;
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0, 40.5, 40.0]));

        // As functions/Program.cs: the shared services, then the reader that trusts App Service Authentication's header.
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Weather:RecordingPath"] = recording, ["Alerts:LookaheadDays"] = "0" },
            configure: s => s.AddSingleton<IPrincipalReader, AppServicePrincipalReader>());
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,Yard,Shunyi,39.8,116.3,courier,40"), ct);
        await importer.ImportOfficersAsync(CsvFiles.Write(folder, "o.csv", CsvFiles.OfficersHeader + ",login",
            "OF-1,Li Na,Shunyi,39.801,116.301,console,13800000001,3,li.na@union.example",
            "OF-2,Wang Wei,Haidian,39.96,116.30,console,13800000002,3,"), ct);
        var context = new TestFunctionContext(ct);
        await new HeatCheckFunction(services.Get<HeatCheckRunner>()).Run(new TimerInfo(), context);
        await new FanOutFunction(services.Get<FanOutService>()).Run(await ReceiveOneAsync(services, QueueNames.Alerts, ct), context);
        await new AssignVisitFunction(services.Get<VisitService>()).Run(await ReceiveOneAsync(services, QueueNames.VisitRequests, ct), context);
        var id = Visit.IdFor("S1", new DateOnly(2026, 7, 15));
        (await services.Get<VisitStore>().GetAsync(id, ct))!.Value.OfficerId.ShouldBe("OF-1");
        var accept = new AcceptVisitFunction(services.Get<VisitApi>());

        // Unsigned, exactly as App Service sets it: the Functions app believes it (the self-host would not).
        var anonymous = await ExecuteAsync(services, "POST", null, r => accept.Run(r, id));
        anonymous.Status.ShouldBe(401);
        anonymous.ContentType.ShouldBe("application/problem+json");
        var other = await ExecuteAsync(services, "POST", EntraPrincipal("wang.wei@union.example", "OF-2", "officer"), r => accept.Run(r, id));
        other.Status.ShouldBe(403, other.Body);
        other.ContentType.ShouldBe("application/problem+json");
        (await services.Get<VisitStore>().GetAsync(id, ct))!.Value.Status.ShouldBe(VisitStatus.Assigned);

        var accepted = await ExecuteAsync(services, "POST", EntraPrincipal("li.na@union.example", "Li Na", "officer"), r => accept.Run(r, id));

        accepted.Status.ShouldBe(200, accepted.Body);
        accepted.ContentType!.ShouldStartWith("application/json");
        using (var body = JsonDocument.Parse(accepted.Body))
        {
            body.RootElement.GetProperty("status").GetString().ShouldBe("accepted");
            body.RootElement.GetProperty("officerId").GetString().ShouldBe("OF-1");
        }

        var stored = (await services.Get<VisitStore>().GetAsync(id, ct))!;
        stored.Value.Status.ShouldBe(VisitStatus.Accepted);
        stored.History[^1].Actor.ShouldBe("officer:OF-1");
        var list = await ExecuteAsync(services, "GET", EntraPrincipal("duty@union.example", "Duty Admin", "admin"),
            r => new ListOfficerVisitsFunction(services.Get<VisitApi>()).Run(r, "OF-1"));
        list.Status.ShouldBe(200, list.Body);
        list.Body.ShouldContain($"\"id\":\"{id}\"");
    }

    /// <summary>The X-MS-CLIENT-PRINCIPAL App Service Authentication sends for an Entra ID user with app roles.</summary>
    private static string EntraPrincipal(string userPrincipalName, string displayName, params string[] roles) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            claims = new[] { new { typ = "name", val = displayName }, new { typ = "preferred_username", val = userPrincipalName } }
                .Concat(roles.Select(r => new { typ = "roles", val = r })),
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
        })));

    /// <summary>Runs an HTTP function class as the Functions ASP.NET Core integration does: call, then execute its action result.</summary>
    private static async Task<(int Status, string? ContentType, string Body)> ExecuteAsync(TestServices services, string method, string? principal, Func<HttpRequest, Task<IActionResult>> run)
    {
        var http = new DefaultHttpContext { RequestServices = services.Provider };
        http.Request.Method = method;
        if (principal is not null)
        {
            http.Request.Headers[ClientPrincipal.HeaderName] = principal;
        }

        using var responseBody = new MemoryStream();
        http.Response.Body = responseBody;
        var result = await run(http.Request);
        result.ShouldBeOfType<ResultAction>();
        await result.ExecuteResultAsync(new ActionContext { HttpContext = http });
        return (http.Response.StatusCode, http.Response.ContentType, Encoding.UTF8.GetString(responseBody.ToArray()));
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

using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using HeatRelief.Api;
using HeatRelief.Functions.HeatCheck;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// One declaration per trigger. The <c>functions.metadata</c> the Worker SDK generates (the list the real Functions
/// host loads) passes the host's start-up rules and says what the shared constants say (<see cref="FunctionNames"/>,
/// <see cref="QueueNames"/>, <see cref="ApiRoutes"/>); so do the self-host's jobs and routes, and the dashboard's calls.
/// </summary>
public sealed partial class HostParityTests
{
    /// <summary>Every queue and timer function, with its trigger, as the shared constants declare it.</summary>
    private static readonly Dictionary<string, string> PipelineTriggers = new()
    {
        [FunctionNames.HeatCheck] = Timer(FunctionNames.HeatCheckSchedule),
        [FunctionNames.FanOut] = Queue(QueueNames.Alerts),
        [FunctionNames.Deliver] = Queue(QueueNames.Deliveries),
        [FunctionNames.AssignVisit] = Queue(QueueNames.VisitRequests),
        [FunctionNames.Reassign] = Timer(FunctionNames.ReassignSchedule),
    };

    [Fact]
    public void FunctionsMetadata_PassesTheFunctionsHostStartUpRules()
    {
        var problems = FunctionsHostRules.Violations(FunctionsMetadata.LoadBuilt());

        problems.ShouldBeEmpty($"{TestPaths.FunctionsMetadata}:\n{string.Join("\n", problems)}\n");
    }

    [Fact]
    public void FunctionsMetadata_ListsThisBuildsFunctionClasses()
    {
        // A stale file would check an old app: its functions must be exactly the [Function] methods compiled now.
        var compiled = typeof(HeatCheckFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Select(m => (Type: t, Method: m, Attribute: m.GetCustomAttribute<Microsoft.Azure.Functions.Worker.FunctionAttribute>())))
            .Where(x => x.Attribute is not null)
            .Select(x => $"{x.Attribute!.Name} {x.Type.FullName}.{x.Method.Name}");

        FunctionsMetadata.LoadBuilt().Select(f => $"{f.Name} {f.EntryPoint}").ShouldBe(compiled, ignoreOrder: true);
    }

    [Fact]
    public void FunctionsMetadata_DeclaresEveryApiRouteWithItsNameMethodAndTemplate()
    {
        var http = FunctionsMetadata.LoadBuilt().Where(f => f.IsHttp).ToList();

        http.ShouldAllBe(f => f.AuthLevel == "Anonymous", "App Service Authentication guards the routes, not function keys");
        http.Select(f => $"{f.Name} {string.Join(",", f.Methods ?? []).ToUpperInvariant()} {f.Route}")
            .ShouldBe(ApiRoutes.All.Select(r => $"{r.Name} {r.Method} {r.Template}"), ignoreOrder: true);
    }

    [Fact]
    public void FunctionsMetadata_QueueAndTimerTriggersUseTheSharedConstants()
    {
        var pipeline = FunctionsMetadata.LoadBuilt().Where(f => !f.IsHttp).ToList();

        pipeline.Select(f => $"{f.Name} {Describe(f)}").ShouldBe(PipelineTriggers.Select(kv => $"{kv.Key} {kv.Value}"), ignoreOrder: true);
        QueueNames.All.ShouldAllBe(q => pipeline.Count(f => f.QueueName == q) == 1, "every queue has exactly one listener");
    }

    [Fact]
    public void SelfHost_JobsDeclareTheSameFunctionsAndTriggers()
    {
        var jobs = SelfHostBuilder.FunctionTypes
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Name: m.GetCustomAttribute<Microsoft.Azure.WebJobs.FunctionNameAttribute>()?.Name))
            .Where(x => x.Name is not null)
            .Select(x => $"{x.Name} {WebJobsTrigger(x.Method)}");

        jobs.ShouldBe(PipelineTriggers.Select(kv => $"{kv.Key} {kv.Value}"), ignoreOrder: true);
    }

    [Fact]
    public async Task SelfHost_MapsTheRoutesTheFunctionsAppDeclares()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();
        SelfHostBuilder.MapApiRoutes(app);
        var mapped = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName} {string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}");

        // The Functions host serves every route under its routePrefix, "api" unless host.json says otherwise.
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "host.json")));
        var prefix = hostJson.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var routePrefix) ? routePrefix.GetString() : "api";
        prefix.ShouldBe(ApiRoutes.Prefix);

        mapped.ShouldBe(
            FunctionsMetadata.LoadBuilt().Where(f => f.IsHttp).Select(f => $"{f.Name} {string.Join(",", f.Methods ?? []).ToUpperInvariant()} /{prefix}/{f.Route}"),
            ignoreOrder: true);
    }

    [Fact]
    public void Dashboard_CallsOnlyDeclaredRoutes()
    {
        var html = File.ReadAllText(Path.Combine(TestPaths.Root, "src", "Dashboard", "dashboard.html"));
        var calls = ApiUrl().Matches(html).Select(m => FunctionsHostRules.NormalRoute(Interpolation().Replace(m.Groups["path"].Value, "{}"))).Distinct().ToList();
        var declared = ApiRoutes.All.Select(r => FunctionsHostRules.NormalRoute(r.Template)).ToHashSet();

        calls.Count.ShouldBeGreaterThanOrEqualTo(7);
        calls.Where(c => !declared.Contains(c)).ShouldBeEmpty("the dashboard calls routes ApiRoutes does not declare");
    }

    [Fact]
    public void HostJson_QueueSettingsMatchWhatHandlersAssume()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "host.json")));
        var queues = doc.RootElement.GetProperty("extensions").GetProperty("queues");
        queues.GetProperty("maxDequeueCount").GetInt32().ShouldBe(new StorageOptions().MaxDequeueCount);
        queues.GetProperty("messageEncoding").GetString().ShouldBe("base64");
    }

    private static string Queue(string name) => $"queue:{name}";

    private static string Timer(string schedule) => $"timer:{schedule}";

    private static string Describe(DeclaredFunction function) => function.Trigger switch
    {
        DeclaredFunction.QueueTrigger => Queue(function.QueueName ?? string.Empty),
        DeclaredFunction.TimerTrigger => Timer(function.Schedule ?? string.Empty),
        _ => function.Trigger,
    };

    private static string WebJobsTrigger(MethodInfo method)
    {
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<Microsoft.Azure.WebJobs.QueueTriggerAttribute>() is { } q)
            {
                return Queue(q.QueueName);
            }

            if (p.GetCustomAttribute<Microsoft.Azure.WebJobs.TimerTriggerAttribute>() is { } t)
            {
                return Timer(t.ScheduleExpression);
            }
        }

        return "none";
    }

    /// <summary>A URL under /api/ in the page's script, up to its query string or closing quote.</summary>
    [GeneratedRegex(@"/api/(?<path>(?:\$\{[^}]*\}|[^`""'?\s$])+)")]
    private static partial Regex ApiUrl();

    /// <summary>A template-literal hole (<c>${...}</c>): a route parameter.</summary>
    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Interpolation();
}

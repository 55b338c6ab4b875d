using System.Globalization;
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
    /// <summary>Every queue and timer function with its trigger, as the one catalog declares it.</summary>
    private static IEnumerable<string> PipelineTriggers => TriggerCatalog.All
        .Where(t => t.Kind != TriggerKind.Http)
        .Select(t => $"{t.Name} {(t.Kind == TriggerKind.Queue ? Queue(t.Source) : Timer(t.Source))}");

    [Fact]
    public void FunctionsMetadata_DeclaresExactlyTheCatalogsFunctions()
    {
        // Every function the real host would load, with its trigger, against the catalog: nothing missing, nothing extra.
        FunctionsMetadata.LoadBuilt()
            .Select(f => f.IsHttp ? $"{f.Name} http {string.Join(",", f.Methods ?? []).ToUpperInvariant()} {f.Route}" : $"{f.Name} {Describe(f)}")
            .ShouldBe(
                TriggerCatalog.All.Select(t => t.Kind == TriggerKind.Http ? $"{t.Name} http {t.Method} {t.Source}" : $"{t.Name} {(t.Kind == TriggerKind.Queue ? Queue(t.Source) : Timer(t.Source))}"),
                ignoreOrder: true);
    }

    [Fact]
    public void TriggerCatalog_NamesEachFunctionOnceAndEveryRouteObeysTheHostsRules()
    {
        TriggerCatalog.All.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
        var asDeclared = TriggerCatalog.All.Select(t => t.Kind == TriggerKind.Http
            ? new DeclaredFunction(t.Name, DeclaredFunction.HttpTrigger, t.Source, [t.Method!.ToLowerInvariant()], "Anonymous")
            : new DeclaredFunction(t.Name, t.Kind == TriggerKind.Queue ? DeclaredFunction.QueueTrigger : DeclaredFunction.TimerTrigger,
                QueueName: t.Kind == TriggerKind.Queue ? t.Source : null, Schedule: t.Kind == TriggerKind.Timer ? t.Source : null)).ToList();

        FunctionsHostRules.Violations(asDeclared).ShouldBeEmpty();
    }

    [Fact]
    public void ApiRoutes_HandleExactlyTheCatalogsHttpFunctions()
    {
        ApiRoutes.All.Select(r => $"{r.Name} {r.Method} {r.Template}")
            .ShouldBe(TriggerCatalog.HttpFunctions.Select(t => $"{t.Name} {t.Method} {t.Source}"));
    }

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

        pipeline.Select(f => $"{f.Name} {Describe(f)}").ShouldBe(PipelineTriggers, ignoreOrder: true);
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

        jobs.ShouldBe(PipelineTriggers, ignoreOrder: true);
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
    public void Dashboard_CallsOnlyDeclaredFunctionsByName()
    {
        var html = File.ReadAllText(Path.Combine(TestPaths.Root, "src", "Dashboard", "dashboard.html"));
        var called = RouteCall().Matches(html).Select(m => m.Groups["name"].Value).Distinct().ToList();

        called.Count.ShouldBeGreaterThanOrEqualTo(7);
        called.Where(name => TriggerCatalog.HttpFunctions.All(t => t.Name != name)).ShouldBeEmpty("the dashboard calls functions the catalog does not declare");
        ApiUrl().Matches(html).Select(m => m.Value).ShouldBeEmpty("the dashboard takes its paths from the catalog (data-routes), not from literals");
    }

    [Fact]
    public void HostJson_QueueSettingsMatchWhatHandlersAssume()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "host.json")));
        var queues = doc.RootElement.GetProperty("extensions").GetProperty("queues");
        queues.GetProperty("maxDequeueCount").GetInt32().ShouldBe(new StorageOptions().MaxDequeueCount);
        queues.GetProperty("messageEncoding").GetString().ShouldBe("base64");
    }

    [Fact]
    public void HostJson_IdlePolling_AQuietDayCostsLessThanAHeatwaveDay_AndTheFirstAlertAfterIdleWaitsAtMostAMinute()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "host.json")));
        var interval = TimeSpan.Parse(doc.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxPollingInterval").GetString()!, CultureInfo.InvariantCulture);

        // An idle listener polls its queue once per interval (docs/PERFORMANCE.md, "Idle queue polling"); the
        // 200-site bench heatwave (20,000 notifications) costs about 9,000 requests in all.
        var quietDayPolls = QueueNames.All.Count * TimeSpan.FromDays(1) / interval;
        quietDayPolls.ShouldBeLessThanOrEqualTo(9_000, "a quiet day's polls per running instance");
        // Two idle hops (alerts, then deliveries) before the first notification.
        (2 * interval).ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(1), "the first alert after a quiet spell");
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

    /// <summary>A literal URL under /api/ in the page.</summary>
    [GeneratedRegex(@"/api/[A-Za-z{$]")]
    private static partial Regex ApiUrl();

    /// <summary>The page's <c>route("Name", ...)</c> calls.</summary>
    [GeneratedRegex(@"\broute\(""(?<name>[A-Za-z]+)""")]
    private static partial Regex RouteCall();
}

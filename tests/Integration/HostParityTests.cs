using System.Reflection;
using System.Text.Json;
using HeatRelief.Functions.HeatCheck;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>The Functions app and the self-host declare the same functions, queues and schedule.</summary>
public sealed class HostParityTests
{
    [Fact]
    public void Hosts_DeclareSameFunctionsWithSameTriggers()
    {
        var worker = typeof(HeatCheckFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Name: m.GetCustomAttribute<Microsoft.Azure.Functions.Worker.FunctionAttribute>()?.Name))
            .Where(x => x.Name is not null)
            .ToDictionary(x => x.Name!, x => WorkerTrigger(x.Method));
        var http = worker.Where(kv => kv.Value.StartsWith("http:", StringComparison.Ordinal)).ToDictionary();
        worker = worker.Where(kv => !http.ContainsKey(kv.Key)).ToDictionary();
        var selfHost = SelfHostBuilder.FunctionTypes
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Name: m.GetCustomAttribute<Microsoft.Azure.WebJobs.FunctionNameAttribute>()?.Name))
            .Where(x => x.Name is not null)
            .ToDictionary(x => x.Name!, x => WebJobsTrigger(x.Method));

        worker.Count.ShouldBeGreaterThanOrEqualTo(3);
        selfHost.OrderBy(kv => kv.Key).ShouldBe(worker.OrderBy(kv => kv.Key));
        worker["HeatCheck"].ShouldBe("timer:%HEAT_CHECK_SCHEDULE%");
        worker["FanOut"].ShouldBe($"queue:{QueueNames.Alerts}");
        worker["Deliver"].ShouldBe($"queue:{QueueNames.Deliveries}");
        worker["AssignVisit"].ShouldBe($"queue:{QueueNames.VisitRequests}");
        worker["Reassign"].ShouldBe("timer:%REASSIGN_SCHEDULE%");

        // The self-host serves ApiRoutes; the Functions app must declare exactly those routes and methods.
        http.OrderBy(kv => kv.Key, StringComparer.Ordinal).ShouldBe(
            HeatRelief.Api.ApiRoutes.All.Select(r => KeyValuePair.Create(r.Name, $"http:{r.Method.ToLowerInvariant()} {r.Template}")).OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void HostJson_QueueSettingsMatchWhatHandlersAssume()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "host.json")));
        var queues = doc.RootElement.GetProperty("extensions").GetProperty("queues");
        queues.GetProperty("maxDequeueCount").GetInt32().ShouldBe(new StorageOptions().MaxDequeueCount);
        queues.GetProperty("messageEncoding").GetString().ShouldBe("base64");
    }

    private static string WorkerTrigger(MethodInfo method)
    {
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<Microsoft.Azure.Functions.Worker.QueueTriggerAttribute>() is { } q)
            {
                return $"queue:{q.QueueName}";
            }

            if (p.GetCustomAttribute<Microsoft.Azure.Functions.Worker.TimerTriggerAttribute>() is { } t)
            {
                return $"timer:{t.Schedule}";
            }

            if (p.GetCustomAttribute<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>() is { } h)
            {
                h.AuthLevel.ShouldBe(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous, "App Service Authentication guards the routes, not function keys");
                return $"http:{string.Join(",", h.Methods ?? [])} {h.Route}";
            }
        }

        return "none";
    }

    private static string WebJobsTrigger(MethodInfo method)
    {
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<Microsoft.Azure.WebJobs.QueueTriggerAttribute>() is { } q)
            {
                return $"queue:{q.QueueName}";
            }

            if (p.GetCustomAttribute<Microsoft.Azure.WebJobs.TimerTriggerAttribute>() is { } t)
            {
                return $"timer:{t.ScheduleExpression}";
            }
        }

        return "none";
    }
}

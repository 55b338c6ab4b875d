using System.Net;
using Azure.Core;
using Azure.Storage.Queues;
using HeatRelief.Application;
using HeatRelief.Api;
using HeatRelief.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using HeatRelief.SelfHost.Functions;
using HeatRelief.Storage;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using HeatRelief.Triggers;

namespace HeatRelief.SelfHost.Hosting;

/// <summary>Builds the WebJobs SDK host that runs HeatRelief's functions against Azure Storage or Azurite.</summary>
public static class SelfHostBuilder
{
    /// <summary>The function classes the self-host declares: the twins of the Functions app's.</summary>
    public static readonly IReadOnlyList<Type> FunctionTypes = [typeof(HeatCheckJob), typeof(FanOutJob), typeof(DeliverJob), typeof(AssignVisitJob), typeof(ReassignJob), typeof(FollowUpAcksJob), typeof(SendDigestsJob)];

    /// <summary>
    /// Console logging of warnings and errors only, one line each with no stack trace: the default for every
    /// command, which prints its own summary (<c>run --verbose</c> logs everything, as host.json says).
    /// </summary>
    public static readonly Action<ILoggingBuilder> WarningsOnly = l => l
        .AddFilter((category, level) => category?.StartsWith("Polly", StringComparison.Ordinal) != true
            && !(level == LogLevel.Error && CallerReportsFailure.Active)
            && level >= (category?.StartsWith("Azure.", StringComparison.Ordinal) == true ? LogLevel.Error : LogLevel.Warning))
        .AddConsole(o => o.FormatterName = BriefConsoleFormatter.FormatterName)
        .AddConsoleFormatter<BriefConsoleFormatter, ConsoleFormatterOptions>();

    /// <summary>Setting for the port the self-host serves the HTTP routes on (default 7071, as <c>func start</c>).</summary>
    public const string HttpPortSetting = "SelfHost:HttpPort";

    public static int HttpPort(IConfiguration configuration) =>
        int.TryParse(configuration[HttpPortSetting], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : 7071;

    /// <summary>Builds the host; with <paramref name="httpPort"/> it also serves <see cref="ApiRoutes"/> on localhost.</summary>
    public static IHost Build(string root, IConfiguration configuration, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null, int? httpPort = null)
    {
        var hostJson = SelfHostSettings.HostJson(root);

        // As in Azure Functions, an app setting AzureFunctionsJobHost__extensions__queues__X overrides host.json.
        var queues = new ConfigurationBuilder()
            .AddInMemoryCollection(hostJson.GetSection("extensions:queues").AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null))
            .AddInMemoryCollection(configuration.GetSection("AzureFunctionsJobHost:extensions:queues").AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null))
            .Build();
        var builder = new HostBuilder();
        if (httpPort is { } port)
        {
            builder.ConfigureWebHost(web => web
                .UseKestrel(k => k.Listen(IPAddress.Loopback, port))
                .ConfigureServices(s => s.AddRouting())
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints =>
                    {
                        MapApiRoutes(endpoints);

                        // The self-host's stand-in for Entra ID sign-in (off unless Auth__DevelopmentSignIn).
                        endpoints.MapGet(DevelopmentSignIn.Path, (DevelopmentSignIn signIn) => signIn.Form());
                        endpoints.MapPost(DevelopmentSignIn.Path, (HttpContext context, DevelopmentSignIn signIn) => signIn.SignInAsync(context));
                        endpoints.MapGet("/", () => Results.Redirect(TriggerCatalog.Named(RouteNames.Dashboard).Path));
                    });
                }));
        }

        return builder
            .UseContentRoot(root)
            .ConfigureAppConfiguration(c =>
            {
                c.AddConfiguration(configuration);

                // The handlers must agree with the listeners on which attempt is the last.
                if (queues["maxDequeueCount"] is { } maxDequeueCount)
                {
                    c.AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.SectionName}:{nameof(StorageOptions.MaxDequeueCount)}"] = maxDequeueCount });
                }
            })
            .ConfigureWebJobs(b =>
            {
                b.AddAzureStorageCoreServices();
                b.AddAzureStorageQueues(o => queues.Bind(o));
                b.AddTimers();
            })
            .ConfigureServices((context, s) =>
            {
                s.AddSingleton<ScheduleMonitor, BlobScheduleMonitor>();

                // Replaces the SDK's handler (which kills the process) for storage failures of the listeners' background work.
                s.AddSingleton<IWebJobsExceptionHandlerFactory, StorageOutageExceptionHandlerFactory>();

                // The queue listeners' clients come from the same Azure client factory: a receive that cannot reach
                // storage must look like a storage error, which the listener backs off from, or its loop ends.
                s.AddAzureClients(clients => clients.ConfigureDefaults(options =>
                {
                    if (options is QueueClientOptions)
                    {
                        options.AddPolicy(new StorageUnreachablePolicy(), HttpPipelinePosition.PerCall);
                    }
                }));
                s.AddSingleton<ITypeLocator>(new FunctionTypeLocator(FunctionTypes));
                s.AddHeatRelief(context.Configuration);
                foreach (var type in FunctionTypes)
                {
                    s.AddTransient(type);
                }

                services?.Invoke(s);
            })
            .ConfigureLogging((context, l) =>
            {
                if (logging is null)
                {
                    l.AddConfiguration(hostJson.GetSection("logging"));
                    l.AddSimpleConsole(o => o.SingleLine = true);
                }
                else
                {
                    logging(l);
                }
            })
            .Build();
    }

    /// <summary>Maps every <see cref="ApiRoutes"/> entry under <c>/api/</c>, named as the Functions app names its function.</summary>
    public static void MapApiRoutes(IEndpointRouteBuilder endpoints)
    {
        foreach (var route in ApiRoutes.All)
        {
            endpoints.MapMethods($"/{ApiRoutes.Prefix}/{route.Template}", [route.Method], route.Handle).WithName(route.Name);
        }
    }

    /// <summary>Declares exactly HeatRelief's function classes, whatever the entry assembly is (tests included).</summary>
    private sealed class FunctionTypeLocator(IReadOnlyList<Type> types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }
}

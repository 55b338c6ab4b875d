using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using HeatRelief.Messaging;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace HeatRelief.Functions;

/// <summary>
/// The worker's telemetry through OpenTelemetry: its logs (with their structured fields, the alert, site, visit and
/// officer ids, and their scopes), its traces (the Functions invocation's, joined to the host's) and the
/// "HeatRelief.Pipeline" meter, exported to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
/// The log fields carry ids, never names or contact details (the [LoggerMessage] templates hold none).
/// </summary>
public static class FunctionsTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>"ClientId=&lt;client id&gt;;Authorization=AAD": ingest with that user-assigned identity (the resource refuses keys).</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IOpenTelemetryBuilder AddFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithLogging(configureBuilder: null, configureOptions: options =>
            {
                options.IncludeScopes = true;
                options.IncludeFormattedMessage = true;
                options.ParseStateValues = true;
            })
            .WithMetrics(metrics => metrics.AddMeter(PipelineMeter.MeterName));
        if (configuration[ConnectionStringSetting] is { Length: > 0 } connectionString)
        {
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                if (ClientId(configuration[AuthenticationStringSetting]) is { } clientId)
                {
                    options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            });
        }

        return telemetry;
    }

    /// <summary>The client id of "ClientId=...;Authorization=AAD", or null when the string names no identity.</summary>
    public static string? ClientId(string? authenticationString)
    {
        var parts = (authenticationString ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var kind) && kind.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            && parts.TryGetValue("ClientId", out var id) && id.Length > 0 ? id : null;
    }
}

using HeatRelief.Audit;
using HeatRelief.Notifications;
using HeatRelief.Visits;
using Microsoft.Extensions.Logging;

namespace HeatRelief.HeatCheck;

/// <summary>
/// What a heat check does when the weather source fails: log, audit, and tell the admins that no level changed
/// and nothing was cleared until the next run. Logs under the heat check's category.
/// </summary>
public sealed partial class WeatherFailureReport(AuditLog audit, AdminNotices admins, LocalTimeText localTime, ILogger<HeatCheckService> logger)
{
    /// <summary>Records the failure and tells the admins (each admin's channel errors are counted, not thrown).</summary>
    public async Task ReportAsync(string? correlationId, int sites, Exception ex, DateTimeOffset now, CancellationToken ct)
    {
        LogWeatherFailed(logger, ex, sites);
        await audit.WriteAsync(new AuditRecord(AuditKinds.WeatherFailed,
            $"Weather source failed for {sites} sites; no level was changed: {ex.Message}", CorrelationId: correlationId,
            Details: new { sites, error = ex.GetType().Name, message = ex.Message }), ct);
        await TellAdminsAsync(correlationId ?? now.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture), sites, ex, now, ct);
    }

    /// <summary>Admins hear that this run changed nothing; one idempotency key per heat-check run.</summary>
    private async Task TellAdminsAsync(string runId, int sites, Exception error, DateTimeOffset now, CancellationToken ct)
    {
        if (admins.Admins.Count == 0)
        {
            return;
        }

        var reason = ReasonOf(error);

        // The notice's text lives with the other admin texts in VisitText.
        var (title, body) = VisitText.WeatherFailed(sites, reason, now, "zh", localTime);
        var data = new Dictionary<string, object?> { ["heatCheckRun"] = runId, ["sites"] = sites, ["error"] = reason, ["at"] = now };
        var reached = await admins.TellAllAsync($"heatcheck:{runId}:weather-failed", title, body, data, skipTransient: true, ct);
        LogAdminsTold(logger, reached, admins.Admins.Count);
    }

    /// <summary>Why the weather source failed, in a few words: <c>timed out</c>, <c>HTTP 503</c>, <c>unreachable</c>, or the data's problem.</summary>
    public static string ReasonOf(Exception error) => error switch
    {
        TaskCanceledException or Polly.Timeout.TimeoutRejectedException => "timed out",
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        HttpRequestException => "unreachable",
        _ => error.Message.Length <= 160 ? error.Message : error.Message[..160] + "...",
    };

    /// <summary>Whether an exception of the heat check is the weather source failing (what <see cref="HeatCheckService"/> reports and rethrows).</summary>
    public static bool IsWeatherFailure(Exception error) =>
        error is Weather.WeatherDataException or HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException;

    [LoggerMessage(EventId = 1004, EventName = "WeatherFailed", Level = LogLevel.Error, Message = "Weather source failed for {Sites} sites; levels left unchanged")]
    private static partial void LogWeatherFailed(ILogger logger, Exception error, int sites);

    [LoggerMessage(EventId = 1005, EventName = "WeatherFailureAdminsTold", Level = LogLevel.Information, Message = "Weather failure: {Reached} of {Admins} admins told")]
    private static partial void LogAdminsTold(ILogger logger, int reached, int admins);
}

using HeatRelief.Heat;
using HeatRelief.Messaging;
using HeatRelief.Warnings;
using HeatRelief.Weather;
using Microsoft.Extensions.Logging;

namespace HeatRelief.HeatCheck;

/// <summary>
/// The heat-check timer's work: read forecasts for every site, grade each local day (<see cref="SiteGrading"/>),
/// apply the alert lifecycle, and put each new alert on the alerts queue (<see cref="AlertQueueing"/>: an alert is
/// stored and audited before it is queued and marked after, so a crash in between is repaired by the next check,
/// at once when that check is the first of a restarted process). When the weather source fails it changes nothing,
/// records why and tells the admins (<see cref="WeatherFailureReport"/>). Official warnings (<see cref="WarningIntake"/>)
/// are merged into each day's level; when their source fails the stored ones still count and nothing is cleared.
/// </summary>
public sealed partial class HeatCheckService(
    SiteGrading grading,
    WarningIntake warnings,
    AlertQueueing queueing,
    WeatherFailureReport weatherFailure,
    TimeProvider time,
    PipelineActivity activity,
    ILogger<HeatCheckService> logger)
{
    /// <summary>How long an alert may wait unqueued before a later check assumes its creator died.</summary>
    public static readonly TimeSpan OrphanAfter = TimeSpan.FromMinutes(1);

    // When this process's heat checks began (its first check). An alert created before then and still not marked
    // queued cannot be one this process is queueing: its creator died (a kill, a crash, a redeploy). The first
    // check after a restart therefore takes over every such alert at once, however young, instead of leaving
    // those younger than OrphanAfter for the next scheduled check an hour later. The worst case is another live
    // host queueing the same alert at that moment: one extra alerts message, which the fan-out and the
    // per-recipient delivery claims absorb (and the alert's audit record is written once, see WriteOnceAsync).
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public async Task<HeatCheckResult> RunAsync(string? correlationId, CancellationToken ct)
    {
        using var running = activity.Begin();
        var now = time.GetUtcNow();
        var sites = await grading.ActiveSitesAsync(ct);
        if (sites.Count == 0)
        {
            LogNoSites(logger);
            return new HeatCheckResult(0, 0, 0, 0, 0, 0, new Dictionary<HeatLevel, int>());
        }

        IReadOnlyDictionary<string, LocationForecast> forecasts;
        try
        {
            forecasts = await grading.ForecastsAsync(sites, ct);
        }
        catch (Exception ex) when (ex is WeatherDataException or HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            await weatherFailure.ReportAsync(correlationId, sites.Count, ex, now, ct);
            throw;
        }

        var read = await warnings.ReadAsync(sites, correlationId, now, ct);
        var grades = grading.Grade(sites, forecasts, read, now);
        var queued = default(QueuedAlerts);
        var activeSites = sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var day in grades.Days.GroupBy(g => g.Grade.Date).OrderBy(g => g.Key))
        {
            queued += await queueing.QueueDayAsync(day.Key, day, activeSites, mayClear: !read.SourceFailed, correlationId, now, Max(now - OrphanAfter, _startedAt), ct);
        }

        LogChecked(logger, grades.Checked, grades.Missing, queued.Raised, queued.Escalated, queued.Cleared);
        return new HeatCheckResult(grades.Checked, grades.Missing, queued.Raised, queued.Escalated, queued.Cleared, queued.Total, grades.TodayLevels)
        {
            WarningSourceFailure = read.Failure,
        };
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(EventId = 1001, EventName = "HeatChecked", Level = LogLevel.Information, Message = "Heat check graded {Sites} sites ({Missing} without forecast): {Raised} raised, {Escalated} escalated, {Cleared} cleared")]
    private static partial void LogChecked(ILogger logger, int sites, int missing, int raised, int escalated, int cleared);

    [LoggerMessage(EventId = 1003, EventName = "NoSites", Level = LogLevel.Warning, Message = "Heat check found no sites; import sites first")]
    private static partial void LogNoSites(ILogger logger);
}

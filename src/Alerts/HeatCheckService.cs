using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Pipeline;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Weather;
using Microsoft.Extensions.Logging;
using HeatRelief.Triggers;

namespace HeatRelief.Alerts;

/// <summary>What one heat check did.</summary>
public sealed record HeatCheckResult(int SitesChecked, int SitesWithoutForecast, int Raised, int Escalated, int Cleared, int Enqueued, IReadOnlyDictionary<HeatLevel, int> SitesByLevelToday);

/// <summary>
/// The heat-check timer's work: read forecasts for every site, grade each local day, apply the alert
/// lifecycle, and put each new alert on the alerts queue (an alert is stored and audited before it is queued
/// and marked after, so a crash in between is repaired by the next check, at once when that check is the
/// first of a restarted process). When the weather source fails it changes nothing, records why and tells the admins.
/// </summary>
public sealed partial class HeatCheckService(
    SiteDirectory directory,
    IWeatherSource weather,
    HeatGrader grader,
    HeatEvaluationStore evaluations,
    AlertStore alerts,
    QueueSender sender,
    AuditLog audit,
    VisitNotifier notifier,
    PipelineMetrics metrics,
    TimeProvider time,
    PipelineActivity activity,
    Microsoft.Extensions.Options.IOptions<AlertOptions> alertOptions,
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
        // An inactive (finished or removed) site is not checked: no forecast, no alert, no all-clear.
        var sites = (await directory.ListSitesAsync(ct)).Where(s => s.Active).ToList();
        if (sites.Count == 0)
        {
            LogNoSites(logger);
            return new HeatCheckResult(0, 0, 0, 0, 0, 0, new Dictionary<HeatLevel, int>());
        }

        IReadOnlyDictionary<string, LocationForecast> forecasts;
        try
        {
            forecasts = await weather.GetForecastsAsync(sites, ct);
        }
        catch (Exception ex) when (ex is WeatherDataException or HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            LogWeatherFailed(logger, ex, sites.Count);
            await audit.WriteAsync(new AuditRecord(AuditKinds.WeatherFailed,
                $"Weather source failed for {sites.Count} sites; no level was changed: {ex.Message}", CorrelationId: correlationId,
                Details: new { sites = sites.Count, error = ex.GetType().Name, message = ex.Message }), ct);
            await TellAdminsAsync(correlationId ?? now.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture), sites.Count, ex, now, ct);
            throw;
        }

        var graded = new List<(Site Site, HeatGrade Grade, int Offset)>();
        var todayLevels = new Dictionary<HeatLevel, int>();
        foreach (var site in sites)
        {
            if (!forecasts.TryGetValue(site.Id, out var forecast))
            {
                continue;
            }

            var today = forecast.LocalDate(now);
            foreach (var grade in grader.GradeDays(forecast).Where(g => g.Date >= today && g.Date.DayNumber - today.DayNumber <= alertOptions.Value.LookaheadDays))
            {
                graded.Add((site, grade, forecast.UtcOffsetSeconds));
                if (grade.Date == today)
                {
                    todayLevels[grade.Level] = todayLevels.GetValueOrDefault(grade.Level) + 1;
                }
            }
        }

        var missing = sites.Count(s => !forecasts.ContainsKey(s.Id));
        metrics.SitesChecked.Add(sites.Count - missing);
        int raised = 0, escalated = 0, cleared = 0, enqueued = 0;
        foreach (var day in graded.GroupBy(g => g.Grade.Date).OrderBy(g => g.Key))
        {
            var dateKey = Alert.DateKeyOf(day.Key);
            var stored = await evaluations.ReadDayAsync(dateKey, ct);
            var newAlerts = new List<Alert>();
            var writes = new List<(string, HeatGrade, AlertState, DateTimeOffset)>();
            var auditRecords = new List<AuditRecord>();
            foreach (var (site, grade, offset) in day)
            {
                var previous = stored.GetValueOrDefault(site.Id);
                var (alert, state) = AlertLifecycle.Decide(site.Id, previous?.State ?? AlertState.Initial, grade, offset, now);
                if (alert is not null)
                {
                    newAlerts.Add(alert);
                }

                if (previous is null || alert is not null || previous.Fingerprint != HeatEvaluationStore.Fingerprint(grade))
                {
                    writes.Add((site.Id, grade, state, now));
                }

                if (previous is null || previous.Level != grade.Level || alert is not null)
                {
                    auditRecords.Add(new AuditRecord(AuditKinds.HeatEvaluated,
                        $"{site.Id} {dateKey}: {grade.Level.ToWire()} (max {grade.MaxTemperatureC:0.0} C, heat index {grade.MaxHeatIndexC:0.0} C)",
                        SiteId: site.Id, CorrelationId: correlationId,
                        Details: new { date = dateKey, level = grade.Level.ToWire(), signal = grade.Signal.ToWire(), grade.MaxTemperatureC, grade.MaxHeatIndexC, band = grade.HeatIndexBand.ToWire(), hottest = grade.HottestWindow?.StartText, grade.Complete, grade.Rule }));
                }
            }

            // Order matters for crash safety: alert rows first (not yet queued), then the state that says
            // the level was alerted, then the audit of each decision, then the queue, then the mark. A crash
            // anywhere leaves a row not marked queued, which the sweep below (of this or a later check) finds;
            // and nothing reaches a worker before its decision is in the audit trail.
            var created = await alerts.InsertIfAbsentAsync(dateKey, newAlerts, ct);
            await evaluations.WriteDayAsync(dateKey, writes, ct);
            var toQueue = newAlerts.Where(a => created.Contains(a.Id)).ToList();
            var orphansBefore = Max(now - OrphanAfter, _startedAt);
            toQueue.AddRange((await alerts.ListNotEnqueuedAsync(dateKey, orphansBefore, ct)).Where(a => !created.Contains(a.Id)));

            // Written once per alert whoever queues it (a re-queued orphan rewrites the same row), timed at the decision.
            var decisions = toQueue.Select(alert => (new AuditRecord(AuditKindOf(alert.Kind),
                AlertSummary(alert), SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: correlationId,
                Details: new { date = alert.DateKey, level = alert.Level.ToWire(), previous = alert.PreviousLevel.ToWire(), alert.Grade.MaxTemperatureC, alert.Grade.MaxHeatIndexC, alert.Grade.Rule })
            { Time = alert.CreatedAt }, $"alert|{alert.DateKey}|{alert.Id}")).ToList();
            await audit.WriteManyAsync(auditRecords, ct);
            await audit.WriteOnceAsync(decisions, ct);
            foreach (var alert in toQueue)
            {
                await sender.SendAsync(QueueNames.Alerts, new AlertMessage(AlertMessage.CurrentVersion, alert.Id, alert.DateKey), ct: ct);
                LogAlertQueued(logger, alert.Id, alert.SiteId, alert.Kind, alert.Level.ToWire());
                switch (alert.Kind)
                {
                    case AlertKind.Raised: raised++; break;
                    case AlertKind.Escalated: escalated++; break;
                    default: cleared++; break;
                }
            }

            await alerts.MarkEnqueuedAsync(dateKey, toQueue.Select(a => a.Id), ct);
            enqueued += toQueue.Count;
            foreach (var alert in toQueue)
            {
                metrics.LevelsRaised.Add(1, new KeyValuePair<string, object?>("level", alert.Kind == AlertKind.Cleared ? "clear" : alert.Level.ToWire()));
            }
        }

        LogChecked(logger, sites.Count - missing, missing, raised, escalated, cleared);
        return new HeatCheckResult(sites.Count - missing, missing, raised, escalated, cleared, enqueued, todayLevels);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Admins hear that this run changed nothing (each admin's channel errors are counted, not thrown).</summary>
    private async Task TellAdminsAsync(string runId, int sites, Exception error, DateTimeOffset now, CancellationToken ct)
    {
        if (notifier.Admins.Count == 0)
        {
            return;
        }

        var reason = error switch
        {
            TaskCanceledException or Polly.Timeout.TimeoutRejectedException => "timed out",
            HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
            HttpRequestException => "unreachable",
            _ => error.Message.Length <= 160 ? error.Message : error.Message[..160] + "...",
        };
        var reached = await notifier.WeatherFailedAsync(runId, sites, reason, now, ct);
        LogAdminsTold(logger, reached, notifier.Admins.Count);
    }

    private static string AuditKindOf(AlertKind kind) => kind switch
    {
        AlertKind.Raised => AuditKinds.AlertRaised,
        AlertKind.Escalated => AuditKinds.AlertEscalated,
        _ => AuditKinds.AlertCleared,
    };

    private static string AlertSummary(Alert a) => a.Kind switch
    {
        AlertKind.Cleared => $"{a.SiteId} {a.DateKey}: all clear (was {a.PreviousLevel.ToWire()})",
        AlertKind.Escalated => $"{a.SiteId} {a.DateKey}: escalated {a.PreviousLevel.ToWire()} -> {a.Level.ToWire()} ({a.Grade.Rule})",
        _ => $"{a.SiteId} {a.DateKey}: {a.Level.ToWire()} raised ({a.Grade.Rule})",
    };

    [LoggerMessage(EventId = 1001, EventName = "HeatChecked", Level = LogLevel.Information, Message = "Heat check graded {Sites} sites ({Missing} without forecast): {Raised} raised, {Escalated} escalated, {Cleared} cleared")]
    private static partial void LogChecked(ILogger logger, int sites, int missing, int raised, int escalated, int cleared);

    [LoggerMessage(EventId = 1002, EventName = "AlertQueued", Level = LogLevel.Information, Message = "Alert {AlertId} for site {SiteId} queued: {Kind} {Level}")]
    private static partial void LogAlertQueued(ILogger logger, string alertId, string siteId, AlertKind kind, string level);

    [LoggerMessage(EventId = 1003, EventName = "NoSites", Level = LogLevel.Warning, Message = "Heat check found no sites; import sites first")]
    private static partial void LogNoSites(ILogger logger);

    [LoggerMessage(EventId = 1004, EventName = "WeatherFailed", Level = LogLevel.Error, Message = "Weather source failed for {Sites} sites; levels left unchanged")]
    private static partial void LogWeatherFailed(ILogger logger, Exception error, int sites);

    [LoggerMessage(EventId = 1005, EventName = "WeatherFailureAdminsTold", Level = LogLevel.Information, Message = "Weather failure: {Reached} of {Admins} admins told")]
    private static partial void LogAdminsTold(ILogger logger, int reached, int admins);
}

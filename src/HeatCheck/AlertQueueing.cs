using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.FanOut;
using HeatRelief.Heat;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Triggers;
using Microsoft.Extensions.Logging;

namespace HeatRelief.HeatCheck;

/// <summary>
/// The heat check's second step, one local day at a time: apply the alert lifecycle to each site's grade, store
/// the alerts and the evaluations, audit each decision, put the new alerts (and any orphan an earlier check left
/// unqueued) on the alerts queue, several to a work message, record the visits they ask for and send the day's
/// "assign day" message, and mark them queued. Logs under the heat check's category.
/// </summary>
public sealed partial class AlertQueueing(HeatEvaluationStore evaluations, AlertStore alerts, SiteFollowUps followUps, QueueSender sender, AuditLog audit, HeatCheckMetrics metrics, ILogger<HeatCheckService> logger)
{
    /// <summary>Decides, stores and queues one day's alerts; alerts created before <paramref name="orphansBefore"/> and still unqueued are taken over.</summary>
    /// <remarks>
    /// <paramref name="mayClear"/> false (the warning source failed this run) sends no all-clear. <paramref name="activeSites"/>:
    /// every active site by id, for the visits of the queued alerts (an orphan's site may have no grade this run).
    /// </remarks>
    public async Task<QueuedAlerts> QueueDayAsync(DateOnly date, IEnumerable<GradedSite> day, IReadOnlyDictionary<string, Site> activeSites, bool mayClear, string? correlationId, DateTimeOffset now, DateTimeOffset orphansBefore, CancellationToken ct)
    {
        var dateKey = Alert.DateKeyOf(date);
        var stored = await evaluations.ReadDayAsync(dateKey, ct);
        var newAlerts = new List<Alert>();
        var writes = new List<HeatEvaluationStore.Row>();
        var auditRecords = new List<AuditRecord>();
        foreach (var (site, grade, offset, level, warning) in day)
        {
            var previous = stored.GetValueOrDefault(site.Id);
            var (alert, state) = AlertLifecycle.Decide(site.Id, previous?.State ?? AlertState.Initial, grade, level, warning, mayClear, offset, now);
            if (alert is not null)
            {
                newAlerts.Add(alert);
            }

            if (previous is null || alert is not null || previous.Fingerprint != HeatEvaluationStore.Fingerprint(grade, level, warning))
            {
                writes.Add(new HeatEvaluationStore.Row(site.Id, grade, level, warning, state, now));
            }

            if (previous is null || previous.Level != level || alert is not null)
            {
                var decided = warning is { DecidedLevel: true } ? $"; official warning {warning.Identifier} ({warning.SenderNameZh}), forecast {grade.Level.ToWire()}" : string.Empty;
                auditRecords.Add(new AuditRecord(AuditKinds.HeatEvaluated,
                    $"{site.Id} {dateKey}: {level.ToWire()} (max {grade.MaxTemperatureC:0.0} C, heat index {grade.MaxHeatIndexC:0.0} C{decided})",
                    SiteId: site.Id, CorrelationId: correlationId,
                    Details: new
                    {
                        date = dateKey, level = level.ToWire(), forecastLevel = grade.Level.ToWire(), levelDecidedBy = warning is { DecidedLevel: true } ? "warning" : "forecast",
                        officialWarning = warning is null ? null : new { warning.Identifier, warning.Sender, level = warning.Level.ToWire(), senderName = warning.SenderNameZh, headline = warning.HeadlineZh, warning.Expires },
                        signal = grade.Signal.ToWire(), grade.MaxTemperatureC, grade.MaxHeatIndexC, band = grade.HeatIndexBand.ToWire(), hottest = grade.HottestWindow?.StartText, grade.Complete, grade.Rule,
                    }));
            }
        }

        // Order matters for crash safety: alert rows first (not yet queued), then the state that says
        // the level was alerted, then the audit of each decision, then the queue and the visits, then the mark. A crash
        // anywhere leaves a row not marked queued, which the sweep below (of this or a later check) finds;
        // and nothing reaches a worker before its decision is in the audit trail.
        var created = await alerts.InsertIfAbsentAsync(dateKey, newAlerts, ct);
        await evaluations.WriteDayAsync(dateKey, writes, ct);
        var toQueue = newAlerts.Where(a => created.Contains(a.Id)).ToList();
                toQueue.AddRange((await alerts.ListNotEnqueuedAsync(dateKey, orphansBefore, ct)).Where(a => !created.Contains(a.Id)));

        // Written once per alert whoever queues it (a re-queued orphan rewrites the same row), timed at the decision.
        var decisions = toQueue.Select(alert => (new AuditRecord(AuditKindOf(alert.Kind),
            AlertSummary(alert), SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: correlationId,
            Details: new
            {
                date = alert.DateKey, level = alert.Level.ToWire(), previous = alert.PreviousLevel.ToWire(), forecastLevel = alert.Grade.Level.ToWire(),
                officialWarning = alert.Warning is { } w ? new { w.Identifier, w.Sender, level = w.Level.ToWire(), senderName = w.SenderNameZh, headline = w.HeadlineZh, decided = w.DecidedLevel } : null,
                alert.Grade.MaxTemperatureC, alert.Grade.MaxHeatIndexC, alert.Grade.Rule,
            })
        { Time = alert.CreatedAt }, $"alert|{alert.DateKey}|{alert.Id}")).ToList();
        await audit.WriteManyAsync(auditRecords, ct);
        await audit.WriteOnceAsync(decisions, ct);
        // Each site's acknowledgement case exists before any manager holds a link to it.
        await followUps.FollowAllAsync(toQueue, correlationId, ct);
        var queued = default(QueuedAlerts);
        foreach (var alert in toQueue)
        {
            queued += alert.Kind switch
            {
                AlertKind.Raised => new QueuedAlerts(1, 0, 0),
                AlertKind.Escalated => new QueuedAlerts(0, 1, 0),
                _ => new QueuedAlerts(0, 0, 1),
            };
        }

        // The day's alerts go out as work messages of several alerts each (issue 13 step 4). A new alert carries its
        // copy; an orphan goes without, so its fan-out reads the row and finds it already done if the message this
        // check's predecessor may have sent got there first.
        var work = toQueue.Select(a => created.Contains(a.Id) ? new AlertWork(a.Id, AlertSnapshot.Of(a)) : new AlertWork(a.Id));
        foreach (var message in AlertMessage.Group(dateKey, [.. work]))
        {
            await sender.SendAsync(QueueNames.Alerts, message, ct: ct);
        }

        foreach (var alert in toQueue)
        {
            LogAlertQueued(logger, alert.Id, alert.SiteId, alert.Kind, alert.Level.ToWire());
        }

        // The visits of the queued alerts (an orphan's again, insert-if-absent), then one message for the day's pass;
        // a crash before here leaves the alerts unmarked, so the sweep records and asks again.
        await followUps.RequestVisitsAsync(dateKey, toQueue, activeSites, ct);
        await alerts.MarkEnqueuedAsync(dateKey, toQueue.Select(a => a.Id), ct);
        foreach (var alert in toQueue)
        {
            metrics.LevelsRaised.Add(1, new KeyValuePair<string, object?>("level", alert.Kind == AlertKind.Cleared ? "clear" : alert.Level.ToWire()));
        }

        return queued;
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
        AlertKind.Escalated => $"{a.SiteId} {a.DateKey}: escalated {a.PreviousLevel.ToWire()} -> {a.Level.ToWire()} ({Why(a)})",
        _ => $"{a.SiteId} {a.DateKey}: {a.Level.ToWire()} raised ({Why(a)})",
    };

    private static string Why(Alert a) => a.Warning is { DecidedLevel: true } w
        ? $"official warning {w.Identifier}: {w.HeadlineZh}; forecast {a.Grade.Level.ToWire()}, {a.Grade.Rule}"
        : a.Grade.Rule;

    [LoggerMessage(EventId = 1002, EventName = "AlertQueued", Level = LogLevel.Information, Message = "Alert {AlertId} for site {SiteId} queued: {Kind} {Level}")]
    private static partial void LogAlertQueued(ILogger logger, string alertId, string siteId, AlertKind kind, string level);
}

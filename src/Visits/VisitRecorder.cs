using HeatRelief.Alerts;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// Records the visit a request asks for: one per site and heat day (insert-if-absent, so a redelivered request
/// never makes a second), or raises the level of the one that exists when the alert escalated.
/// </summary>
public sealed partial class VisitRecorder(
    AlertStore alerts,
    SiteDirectory directory,
    VisitStore store,
    TimeProvider time,
    IOptions<VisitOptions> options,
    ILogger<VisitRecorder> logger)
{
    /// <summary>Records the visit a request naming an alert asks for; returns the heat day whose waiting visits are to be offered.</summary>
    public async Task<string> RecordAsync(VisitRequestMessage message, CancellationToken ct)
    {
        var (alert, _) = await alerts.GetAsync(message.Date, message.AlertId!, ct)
            ?? throw new PermanentMessageException($"alert '{message.AlertId}' of {message.Date} does not exist");
        if (alert.SiteId != message.SiteId)
        {
            throw new PermanentMessageException($"alert '{alert.Id}' belongs to site '{alert.SiteId}', not '{message.SiteId}'");
        }

        if (alert.Kind == AlertKind.Cleared)
        {
            throw new PermanentMessageException($"alert '{alert.Id}' is an all-clear; it needs no visit");
        }

        var site = await directory.GetSiteAsync(alert.SiteId, ct)
            ?? throw new PermanentMessageException($"site '{alert.SiteId}' does not exist");
        var (visit, requested) = Request(alert, site);
        if (await store.InsertIfAbsentAsync(visit, requested, ct))
        {
            LogRequested(logger, visit.Id, site.Id, alert.Id);
        }
        else
        {
            await RaiseLevelAsync(visit, ct);
        }

        return alert.DateKey;
    }

    /// <summary>
    /// Records the visits a heat check's alerts ask for, without a read: the check has each alert and its site. An
    /// all-clear, or a site that is inactive, asks for none. New visits are inserted in batches (insert-if-absent, so a
    /// re-run after a crash or a re-queued orphan never makes a second); an escalated alert raises the level of the
    /// visit that exists. Returns how many visits were asked for (created, raised or already there).
    /// </summary>
    public async Task<int> RecordDayAsync(IReadOnlyList<(Alert Alert, Site Site)> asked, CancellationToken ct)
    {
        var visits = asked
            .Where(a => a.Alert.Kind != AlertKind.Cleared && a.Site.Active && a.Site.Id == a.Alert.SiteId)
            .Select(a => Request(a.Alert, a.Site))
            // One visit per site and day: of two alerts for one site (an escalation and its orphaned predecessor), the higher.
            .GroupBy(v => v.Visit.Id, StringComparer.Ordinal)
            .Select(g => g.MaxBy(v => v.Visit.Level))
            .ToList();
        var created = await store.InsertManyIfAbsentAsync(visits, ct);
        foreach (var (visit, _) in visits)
        {
            if (created.Contains(visit.Id))
            {
                LogRequested(logger, visit.Id, visit.SiteId, visit.AlertId);
            }
            else
            {
                await RaiseLevelAsync(visit, ct);
            }
        }

        return visits.Count;
    }

    private (Visit Visit, VisitTransition Step) Request(Alert alert, Site site) =>
        Visit.Request(site.Id, alert.Date, alert.Id, alert.Level, site.OutdoorWorkers,
            SupplyPlan.For(site.OutdoorWorkers, options.Value), time.GetUtcNow(), "system", VisitHeat.Of(alert));

    /// <summary>An escalated alert for a site that already has a visit: the visit keeps its officer, at the higher level.</summary>
    private async Task RaiseLevelAsync(Visit requested, CancellationToken ct)
    {
        var stored = await store.GetAsync(requested.Id, ct);
        if (stored is null || stored.Value.Level >= requested.Level)
        {
            LogAlreadyRequested(logger, requested.Id);
            return;
        }

        var (next, step) = stored.Value.RaiseLevel(requested.Level, requested.AlertId, time.GetUtcNow(), "system", requested.Heat);
        var saved = await store.TryUpdateAsync(stored, next, step, null, stored.ClaimedUntil, ct)
            ?? throw new InvalidOperationException($"visit {requested.Id} changed while its level was raised; the request is retried");
        LogLevelRaised(logger, saved.Value.Id, requested.AlertId);
    }

    [LoggerMessage(EventId = 5101, EventName = "VisitRequested", Level = LogLevel.Information, Message = "Visit {VisitId} for site {SiteId} requested by alert {AlertId}")]
    private static partial void LogRequested(ILogger logger, string visitId, string siteId, string alertId);

    [LoggerMessage(EventId = 5103, EventName = "VisitLevelRaised", Level = LogLevel.Information, Message = "Visit {VisitId} raised to the level of alert {AlertId}")]
    private static partial void LogLevelRaised(ILogger logger, string visitId, string alertId);

    [LoggerMessage(EventId = 5102, EventName = "VisitAlreadyRequested", Level = LogLevel.Information, Message = "Visit {VisitId} already exists; redelivered or lower-level request ignored")]
    private static partial void LogAlreadyRequested(ILogger logger, string visitId);
}

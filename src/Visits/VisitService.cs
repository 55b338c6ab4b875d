using HeatRelief.Alerts;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HeatRelief.Triggers;

namespace HeatRelief.Visits;

/// <summary>
/// Consumes visit requests: records one visit per site and heat day (insert-if-absent, so a redelivered
/// request never makes a second), raises its level when the alert escalated, then offers the day's waiting
/// visits, highest level and most outdoor workers first.
/// </summary>
public sealed partial class VisitService(
    AlertStore alerts,
    SiteDirectory directory,
    VisitStore store,
    VisitAssigner assigner,
    TimeProvider time,
    IOptions<VisitOptions> options,
    IOptions<StorageOptions> storage,
    PoisonMessages poison,
    PipelineActivity activity,
    ILogger<VisitService> logger) : QueueMessageHandler<VisitRequestMessage>(poison, storage, activity)
{
    protected override string QueueName => QueueNames.VisitRequests;

    protected override async Task ProcessAsync(VisitRequestMessage message, string? messageId, CancellationToken ct)
    {
        var (alert, _) = await alerts.GetAsync(message.Date, message.AlertId, ct)
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
        var now = time.GetUtcNow();
        var visit = new Visit(Visit.IdFor(site.Id, alert.Date), site.Id, alert.Date, alert.Id, alert.Level, site.OutdoorWorkers,
            VisitStatus.Pending, null, 0, [], null, null, null, SupplyPlan.For(site.OutdoorWorkers, options.Value), null, null, now);
        var created = await store.InsertIfAbsentAsync(visit, new VisitTransition(now, "-", VisitStore.Wire(VisitStatus.Pending), "system", null, $"alert {alert.Id}"), ct);
        if (created)
        {
            LogRequested(logger, visit.Id, site.Id, alert.Id);
        }
        else
        {
            await RaiseLevelAsync(visit, ct);
        }

        await assigner.AssignWaitingAsync(alert.DateKey, [VisitStatus.Pending], "system", messageId, ct);
    }

    /// <summary>An escalated alert for a site that already has a visit: the visit keeps its officer, at the higher level.</summary>
    private async Task RaiseLevelAsync(Visit requested, CancellationToken ct)
    {
        var stored = await store.GetAsync(requested.Id, ct);
        if (stored is null || stored.Value.Level >= requested.Level)
        {
            LogAlreadyRequested(logger, requested.Id);
            return;
        }

        var now = time.GetUtcNow();
        var next = stored.Value with { Level = requested.Level, AlertId = requested.AlertId, UpdatedAt = now };
        var saved = await store.TryUpdateAsync(stored, next,
            new VisitTransition(now, VisitStore.Wire(stored.Value.Status), VisitStore.Wire(next.Status), "system", stored.Value.OfficerId, $"level raised to {requested.Level.ToString().ToLowerInvariant()} by alert {requested.AlertId}"),
            null, stored.ClaimedUntil, ct)
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

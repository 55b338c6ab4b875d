using System.Globalization;
using HeatRelief.Audit;
using HeatRelief.Messaging;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Visits;

/// <summary>
/// What a visit's moves leave behind besides the row: the audit record, the metric and the log event, worded in
/// one place (audit times in the audit time zone).
/// </summary>
public sealed partial class VisitJournal(AuditLog audit, LocalTimeText localTime, VisitMetrics metrics, ILogger<VisitJournal> logger)
{
    /// <summary>The note an expired offer's step carries.</summary>
    public string NotAcceptedBy(DateTimeOffset by) => $"not accepted by {localTime.DateTime(by, "en")}";

    /// <summary>A visit offered to an officer (<paramref name="reassigned"/>: not its first offer), with the ranking that chose them.</summary>
    public Task OfferedAsync(Visit a, bool reassigned, string why, IReadOnlyList<RankedCandidate> ranking, string actor, string? correlationId, CancellationToken ct) =>
        audit.WriteAsync(Offered(a, reassigned, why, ranking, actor, correlationId), ct);

    /// <summary>As <see cref="OfferedAsync"/>, counted and logged now, its audit record returned to be written with others (<see cref="WriteAsync"/>).</summary>
    public AuditRecord Offered(Visit a, bool reassigned, string why, IReadOnlyList<RankedCandidate> ranking, string actor, string? correlationId)
    {
        var officerId = a.OfficerId!;
        metrics.VisitsAssigned.Add(1);
        LogAssigned(logger, a.Id, a.SiteId, officerId, a.Attempt);
        return new AuditRecord(reassigned ? AuditKinds.VisitReassigned : AuditKinds.VisitCreated,
            $"Visit {a.Id} {(reassigned ? "reassigned" : "assigned")} to officer {officerId} ({why}); answer due {localTime.DateTime(a.AcceptBy!.Value, "en")}",
            SiteId: a.SiteId, OfficerId: officerId, AlertId: a.AlertId, VisitId: a.Id, Actor: actor, CorrelationId: correlationId,
            Details: new { attempt = a.Attempt, acceptBy = a.AcceptBy, level = a.Level.ToString().ToLowerInvariant(), a.OutdoorWorkers, plan = a.Plan, chosen = officerId, candidates = ranking });
    }

    /// <summary>A visit that became unassigned or escalated: nobody could take it, and admins are told.</summary>
    public Task NobodyAsync(Visit a, string reason, int admins, IReadOnlyList<RankedCandidate> ranking, string actor, string? correlationId, CancellationToken ct) =>
        audit.WriteAsync(Nobody(a, reason, admins, ranking, actor, correlationId), ct);

    /// <summary>As <see cref="NobodyAsync"/>, counted and logged now, its audit record returned to be written with others (<see cref="WriteAsync"/>).</summary>
    public AuditRecord Nobody(Visit a, string reason, int admins, IReadOnlyList<RankedCandidate> ranking, string actor, string? correlationId)
    {
        var escalated = a.Status == VisitStatus.Escalated;
        (escalated ? metrics.VisitsEscalated : metrics.VisitsUnassigned).Add(1);
        LogNobody(logger, a.Id, a.SiteId, a.Status.ToString());
        return new AuditRecord(escalated ? AuditKinds.VisitEscalated : AuditKinds.VisitUnassigned,
            $"Visit {a.Id}: {reason}; admins notified",
            SiteId: a.SiteId, AlertId: a.AlertId, VisitId: a.Id, Actor: actor, CorrelationId: correlationId,
            Details: new { level = a.Level.ToString().ToLowerInvariant(), a.OutdoorWorkers, tried = a.TriedOfficers, admins, candidates = ranking });
    }

    /// <summary>Writes records of several visits' moves together (a day's pass), fewest requests.</summary>
    public Task WriteAsync(IReadOnlyCollection<AuditRecord> records, CancellationToken ct) =>
        records.Count == 0 ? Task.CompletedTask : audit.WriteManyAsync(records, ct);

    /// <summary>An offer that was not answered by <paramref name="by"/>.</summary>
    public async Task ExpiredAsync(Visit a, DateTimeOffset by, CancellationToken ct)
    {
        metrics.VisitsExpired.Add(1);
        LogExpired(logger, a.Id, a.OfficerId!);
        await audit.WriteAsync(new AuditRecord(AuditKinds.VisitExpired, $"Visit {a.Id}: officer {a.OfficerId} did not accept by {localTime.DateTime(by, "en")}",
            SiteId: a.SiteId, OfficerId: a.OfficerId, AlertId: a.AlertId, VisitId: a.Id), ct);
    }

    public Task AcceptedAsync(Visit a, string actor, CancellationToken ct) =>
        ActedAsync(AuditKinds.VisitAccepted, a, actor, $"Visit {a.Id} accepted by officer {a.OfficerId}", null, ct);

    public Task DeclinedAsync(Visit a, string reason, string actor, CancellationToken ct) =>
        ActedAsync(AuditKinds.VisitDeclined, a, actor, $"Visit {a.Id} declined by officer {a.OfficerId}: {reason}", new { reason }, ct);

    public Task CompletedAsync(Visit a, VisitReport report, string actor, CancellationToken ct) =>
        ActedAsync(AuditKinds.VisitCompleted, a, actor,
            string.Create(CultureInfo.InvariantCulture, $"Visit {a.Id} completed by officer {a.OfficerId}: {report.WorkersReached} workers reached, {report.WaterLitres:0.#} L water, {report.SoupLitres:0.#} L mung-bean soup, {report.MedicineKits} medicine kits{Matched(report.MeasuresMatched)}"),
            new { report.WorkersReached, report.WaterLitres, report.SoupLitres, report.MedicineKits, report.MeasuresMatched, planned = a.Plan }, ct);

    private static string Matched(bool? matched) => matched switch
    {
        true => "; the site's confirmed heat measures matched what the officer saw",
        false => "; the site's confirmed heat measures did NOT match what the officer saw",
        null => string.Empty,
    };

    /// <summary>An offer the channel refused for good (a transient failure is retried by the timer instead).</summary>
    public Task OfferNotDeliveredAsync(Visit a, string officerId, string channel, string? reason, CancellationToken ct) =>
        audit.WriteAsync(new AuditRecord(AuditKinds.NotificationFailed, $"Offer of visit {a.Id} to officer {officerId} could not be sent: {reason}",
            SiteId: a.SiteId, OfficerId: officerId, AlertId: a.AlertId, VisitId: a.Id, Details: new { channel, Reason = reason }), ct);

    /// <summary>One run of the reassignment timer.</summary>
    public void TimerRan(ReassignmentRun run, int open) =>
        LogRun(logger, open, run.Expired, run.Offered, run.Unassigned, run.Escalated, run.Renotified);

    private Task ActedAsync(string kind, Visit a, string actor, string message, object? details, CancellationToken ct) =>
        audit.WriteAsync(new AuditRecord(kind, message, SiteId: a.SiteId, OfficerId: a.OfficerId, AlertId: a.AlertId,
            VisitId: a.Id, Actor: actor, Details: details), ct);

    [LoggerMessage(EventId = 5001, EventName = "VisitAssigned", Level = LogLevel.Information, Message = "Visit {VisitId} for site {SiteId} offered to officer {OfficerId} (attempt {Attempt})")]
    private static partial void LogAssigned(ILogger logger, string visitId, string siteId, string officerId, int attempt);

    [LoggerMessage(EventId = 5002, EventName = "VisitWithoutOfficer", Level = LogLevel.Warning, Message = "Visit {VisitId} for site {SiteId} has no officer: {Status}")]
    private static partial void LogNobody(ILogger logger, string visitId, string siteId, string status);

    [LoggerMessage(EventId = 5301, EventName = "OfferExpired", Level = LogLevel.Information, Message = "Visit {VisitId}: officer {OfficerId} did not accept in time")]
    private static partial void LogExpired(ILogger logger, string visitId, string officerId);

    [LoggerMessage(EventId = 5302, EventName = "ReassignmentRun", Level = LogLevel.Information, Message = "Reassignment: {Open} open visits, {Expired} expired, {Offered} offered, {Unassigned} unassigned, {Escalated} escalated, {Renotified} notices resent")]
    private static partial void LogRun(ILogger logger, int open, int expired, int offered, int unassigned, int escalated, int renotified);
}

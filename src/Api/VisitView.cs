using HeatRelief.Heat;
using HeatRelief.Visits;

namespace HeatRelief.Api;

/// <summary>A visit as the API returns it. Officers do not see the ranking of other officers.</summary>
public sealed record VisitView(
    string Id,
    string SiteId,
    string Date,
    string AlertId,
    string Level,
    int OutdoorWorkers,
    string Status,
    string? OfficerId,
    int Attempt,
    DateTimeOffset? AcceptBy,
    SupplyPlan Plan,
    VisitReport? Report,
    string? DeclineReason,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<VisitTransition> History,
    IReadOnlyList<RankedCandidate>? Candidates)
{
    public static VisitView From(StoredVisit stored, bool forAdmin)
    {
        var a = stored.Value;
        return new VisitView(a.Id, a.SiteId, a.DateKey, a.AlertId, a.Level.ToWire(), a.OutdoorWorkers, a.Status.ToWire(),
            a.OfficerId, a.Attempt, a.AcceptBy, a.Plan, a.Report, a.DeclineReason, a.UpdatedAt, stored.History, forAdmin ? stored.Candidates : null);
    }
}

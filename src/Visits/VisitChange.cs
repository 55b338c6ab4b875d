namespace HeatRelief.Visits;

/// <summary>One visit's new state, to be written over the stored row it was read as (ETag-guarded), in a batch.</summary>
public sealed record VisitChange(
    StoredVisit Stored,
    Visit Next,
    VisitTransition? Step,
    IReadOnlyList<RankedCandidate>? Candidates,
    DateTimeOffset? ClaimedUntil);

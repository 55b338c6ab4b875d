using Azure;

namespace HeatRelief.Visits;

/// <summary>A visit as stored, with what is needed to change it safely (ETag) and to explain it.</summary>
public sealed record StoredVisit(
    Visit Value,
    ETag ETag,
    IReadOnlyList<VisitTransition> History,
    IReadOnlyList<RankedCandidate> Candidates,
    DateTimeOffset? ClaimedUntil);

namespace HeatRelief.Visits;

/// <summary>One officer as the ranking saw them, kept with the visit to explain the choice.</summary>
public sealed record RankedCandidate(
    string OfficerId,
    bool SameDistrict,
    double DistanceKm,
    int VisitsToday,
    int MaxVisitsPerDay,
    int SeasonVisits,
    bool Eligible,
    string Reason);

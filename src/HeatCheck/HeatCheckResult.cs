using HeatRelief.Heat;

namespace HeatRelief.HeatCheck;

/// <summary>What one heat check did.</summary>
public sealed record HeatCheckResult(int SitesChecked, int SitesWithoutForecast, int Raised, int Escalated, int Cleared, int Enqueued, IReadOnlyDictionary<HeatLevel, int> SitesByLevelToday)
{
    /// <summary>Why the official warnings source failed this check (stored warnings still counted, nothing was cleared); null when it answered.</summary>
    public string? WarningSourceFailure { get; init; }
}

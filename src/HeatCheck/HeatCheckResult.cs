using HeatRelief.Heat;

namespace HeatRelief.HeatCheck;

/// <summary>What one heat check did.</summary>
public sealed record HeatCheckResult(int SitesChecked, int SitesWithoutForecast, int Raised, int Escalated, int Cleared, int Enqueued, IReadOnlyDictionary<HeatLevel, int> SitesByLevelToday);

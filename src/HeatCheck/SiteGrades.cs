using HeatRelief.Heat;

namespace HeatRelief.HeatCheck;

/// <summary>
/// What grading found: each site's grade for every day from today to the look-ahead, the number of sites per
/// level today, how many sites were graded and how many had no forecast.
/// </summary>
public sealed record SiteGrades(IReadOnlyList<GradedSite> Days, IReadOnlyDictionary<HeatLevel, int> TodayLevels, int Checked, int Missing);

using System.Globalization;
using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Alerts;

/// <summary>
/// An alert for one site and local day, with the forecast values and rule that produced it. Its id is
/// deterministic (site, day, level, and how many times the day was cleared before), so a retried heat
/// check can never create a second alert for the same decision. <see cref="Level"/> is the merged level (the higher of
/// the forecast's grade and the official heat warnings in force); <see cref="Grade"/> keeps the forecast's own; and
/// <see cref="Warning"/> is the highest official warning in force that day (null when none), which texts cite first
/// when it decided the level.
/// </summary>
public sealed record Alert(
    string Id,
    string SiteId,
    DateOnly Date,
    AlertKind Kind,
    HeatLevel Level,
    HeatLevel PreviousLevel,
    HeatGrade Grade,
    int UtcOffsetSeconds,
    DateTimeOffset CreatedAt,
    WarningCitation? Warning = null)
{
    /// <summary>Partition of the Alerts and HeatEvaluations tables: the site's local day.</summary>
    public string DateKey => DateKeyOf(Date);

    public static string DateKeyOf(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The alert id for a site, day and level; <paramref name="generation"/> counts earlier all-clears that day.</summary>
    public static string IdFor(string siteId, DateOnly date, string levelOrClear, int generation) =>
        string.Create(CultureInfo.InvariantCulture, $"{siteId}_{date:yyyyMMdd}_{levelOrClear}{(generation > 0 ? $"-{generation}" : string.Empty)}");

    /// <summary>Red alerts go out even in a recipient's quiet hours.</summary>
    public bool BypassesQuietHours => Kind != AlertKind.Cleared && Level == HeatLevel.Red;
}

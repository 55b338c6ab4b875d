using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;

namespace HeatRelief.HeatCheck;

/// <summary>
/// One site's grade for one local day, with the site's UTC offset that day, the merged level (the higher of the grade
/// and the official heat warnings in force) and the warning it cites (null when none was in force).
/// </summary>
public sealed record GradedSite(Site Site, HeatGrade Grade, int Offset, HeatLevel Level, WarningCitation? Warning);

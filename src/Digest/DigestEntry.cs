using HeatRelief.Heat;

namespace HeatRelief.Digest;

/// <summary>One line of a digest: a site's level on one day, with its hottest hours ("HH:mm" local; null when none).</summary>
public sealed record DigestEntry(string SiteId, string SiteName, DateOnly Date, HeatLevel Level, string? HottestStart, string? HottestEnd);

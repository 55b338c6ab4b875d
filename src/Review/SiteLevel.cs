using HeatRelief.Heat;

namespace HeatRelief.Review;

/// <summary>A site's highest alert level of the day, and whether the day ended with an all-clear for it.</summary>
public sealed record SiteLevel(string SiteId, HeatLevel Level, bool Cleared);

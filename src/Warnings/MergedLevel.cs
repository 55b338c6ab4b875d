using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>
/// A site's level for a day once official warnings are merged in: <see cref="Level"/> is the higher of the forecast's
/// grade and the highest heat warning in force; both are kept, and <see cref="DecidedBy"/> says which one set it.
/// <see cref="Warning"/> is the highest warning in force whether or not it decided (null when none).
/// </summary>
public sealed record MergedLevel(HeatLevel Level, HeatLevel ForecastLevel, WarningInForce? Warning, LevelSource DecidedBy);

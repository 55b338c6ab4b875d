using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>
/// The merge rule: a site's level for a day is the higher of the computed grade and the heat warnings in force.
/// A tie is credited to the warning: it is what employers and officers are told to act on, and the alert cites it
/// before the computed figures. A warning that raises nothing (blue) never decides.
/// </summary>
public static class WarningMerge
{
    public static MergedLevel Merge(HeatLevel forecast, IReadOnlyList<WarningInForce> inForce)
    {
        var highest = inForce.Where(w => w.Level > HeatLevel.None).OrderByDescending(w => w.Level).FirstOrDefault();
        return highest is not null && highest.Level >= forecast
            ? new MergedLevel(highest.Level, forecast, highest, LevelSource.Warning)
            : new MergedLevel(forecast, forecast, highest, LevelSource.Forecast);
    }
}

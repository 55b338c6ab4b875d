using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Visits;

/// <summary>
/// What the officer's offer says about the day's heat, copied from the alert that asked for the visit (the hottest
/// hours and the official warning it cites), so offering the visit needs no read of the alert.
/// </summary>
public sealed record VisitHeat(HottestWindow? Hottest, WarningCitation? Warning)
{
    public static VisitHeat Of(Alert alert) => new(alert.Grade.HottestWindow, alert.Warning);
}

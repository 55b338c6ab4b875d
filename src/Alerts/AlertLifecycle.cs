using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Alerts;

/// <summary>
/// The alert rules, free of storage: a raised level alerts once, the same level again sends nothing, a
/// higher level escalates, and dropping to none after an alert sends one all-clear. A lower level that
/// is not none sends nothing (recipients keep the stricter advice for the day).
/// </summary>
public static class AlertLifecycle
{
    /// <summary>The alert to send (or null) and the state after it.</summary>
    public static (Alert? Alert, AlertState State) Decide(string siteId, AlertState state, HeatGrade grade, int utcOffsetSeconds, DateTimeOffset now) =>
        Decide(siteId, state, grade, grade.Level, null, mayClear: true, utcOffsetSeconds, now);

    /// <summary>
    /// The alert to send (or null) and the state after it, for a merged <paramref name="level"/> (the forecast's grade
    /// or an official warning, <paramref name="warning"/>). <paramref name="mayClear"/> false (a warning source that
    /// failed this run) sends no all-clear.
    /// </summary>
    public static (Alert? Alert, AlertState State) Decide(string siteId, AlertState state, HeatGrade grade, HeatLevel level, WarningCitation? warning, bool mayClear, int utcOffsetSeconds, DateTimeOffset now)
    {
        if (level > state.AlertedLevel)
        {
            var kind = state.AlertedLevel == HeatLevel.None ? AlertKind.Raised : AlertKind.Escalated;
            var id = Alert.IdFor(siteId, grade.Date, level.ToWire(), state.ClearCount);
            var alert = new Alert(id, siteId, grade.Date, kind, level, state.AlertedLevel, grade, utcOffsetSeconds, now, warning);
            return (alert, state with { AlertedLevel = level, LastAlertId = id });
        }

        // Missing data must never clear an alert: only a complete grade of none counts as the heat being over.
        if (level == HeatLevel.None && state.AlertedLevel > HeatLevel.None && grade.Complete && mayClear)
        {
            var id = Alert.IdFor(siteId, grade.Date, "clear", state.ClearCount);
            var alert = new Alert(id, siteId, grade.Date, AlertKind.Cleared, HeatLevel.None, state.AlertedLevel, grade, utcOffsetSeconds, now, warning);
            return (alert, new AlertState(HeatLevel.None, id, state.ClearCount + 1));
        }

        return (null, state);
    }
}

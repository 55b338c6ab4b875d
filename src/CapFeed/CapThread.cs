using HeatRelief.Alerts;

namespace HeatRelief.CapFeed;

/// <summary>
/// Which earlier alerts a CAP Update or Cancel names in <c>references</c>: the site's alerts of the same day since its
/// last all-clear, sent before this one. An escalation replaces all of them, an all-clear ends all of them, so a
/// consumer that missed one message in between still ends up with the right warning in force.
/// </summary>
public static class CapThread
{
    /// <summary>The alerts <paramref name="alert"/> replaces or ends, oldest first; empty for a raised alert.</summary>
    public static IReadOnlyList<Alert> Earlier(Alert alert, IEnumerable<Alert> sameDay)
    {
        if (alert.Kind == AlertKind.Raised)
        {
            return [];
        }

        var before = sameDay
            .Where(a => a.SiteId == alert.SiteId && a.Date == alert.Date && a.Id != alert.Id && Order(a).CompareTo(Order(alert)) < 0)
            .OrderBy(Order)
            .ToList();
        var lastClear = before.FindLastIndex(a => a.Kind == AlertKind.Cleared);
        return before.Skip(lastClear + 1).ToList();
    }

    /// <summary>The order alerts of a site and day were decided in: by time, then raised, escalated, cleared (one heat check decides one per site).</summary>
    private static (long, int) Order(Alert a) => (a.CreatedAt.UtcTicks, (int)a.Kind);
}

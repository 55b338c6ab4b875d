using System.Globalization;
using System.Text.RegularExpressions;
using HeatRelief.Messaging;

namespace HeatRelief.CapFeed;

/// <summary>
/// The local day an alert id names (<c>{site}_{yyyyMMdd}_{level}[-generation]</c>, see <c>Alert.IdFor</c>): the
/// partition to read it from, so a CAP URL needs nothing but the id.
/// </summary>
public static partial class AlertIdDay
{
    /// <summary>The day, or null when <paramref name="alertId"/> cannot be an alert id (then no alert has it).</summary>
    public static DateOnly? Of(string? alertId)
    {
        if (MessageRules.Key(alertId, "alertId") is not null)
        {
            return null;
        }

        var match = IdShape().Match(alertId!);
        return match.Success && DateOnly.TryParseExact(match.Groups["day"].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    // Site ids may hold '_' themselves: the day and level are the last two parts.
    [GeneratedRegex(@"^.+_(?<day>[0-9]{8})_(yellow|orange|red|clear)(-[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}

using System.Globalization;

namespace HeatRelief.CapFeed;

/// <summary>CAP 1.2's forms for identifiers and times, in one place so a document and a later reference to it always agree.</summary>
public static class CapText
{
    /// <summary>Why a value cannot be a CAP sender or identifier (CAP 1.2 3.2.1: no spaces, commas, '&lt;' or '&amp;'), or null.</summary>
    public static string? IdentifierProblem(string? value) =>
        string.IsNullOrEmpty(value) ? "must not be empty"
        : value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or '<' or '&') ? "must not contain spaces, commas, '<' or '&'"
        : null;

    /// <summary>
    /// The CAP identifier of an alert: its id, which is stable (site, day, level, generation) and made of table-key
    /// characters; anything CAP forbids is percent-encoded, so two ids never share an identifier.
    /// </summary>
    public static string Identifier(string alertId)
    {
        if (IdentifierProblem(alertId) is null && !alertId.Contains('%', StringComparison.Ordinal))
        {
            return alertId;
        }

        var builder = new System.Text.StringBuilder();
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(alertId))
        {
            var c = (char)b;
            builder.Append(b < 0x80 && !char.IsWhiteSpace(c) && !char.IsControl(c) && c is not (',' or '<' or '&' or '%')
                ? c.ToString()
                : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>
    /// An instant in a site's offset, whole seconds: the one form every CAP time HeatRelief writes has, so the
    /// <c>sent</c> of a document and the <c>sent</c> in a later reference to it are the same text.
    /// </summary>
    public static DateTimeOffset InOffset(DateTimeOffset instant, int utcOffsetSeconds)
    {
        var whole = new DateTimeOffset(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        // DateTimeOffset takes whole minutes only; every real zone offset is one.
        return whole.ToOffset(TimeSpan.FromMinutes(Math.Round(utcOffsetSeconds / 60.0)));
    }

    /// <summary>The start of a local day in a site's offset.</summary>
    public static DateTimeOffset DayStart(DateOnly day, int utcOffsetSeconds) =>
        new(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), TimeSpan.FromMinutes(Math.Round(utcOffsetSeconds / 60.0)));

    /// <summary>
    /// CAP 1.2's dateTime: <c>2026-06-23T10:00:00+08:00</c>, no fractional seconds, and UTC as <c>-00:00</c> (the
    /// schema's pattern refuses <c>Z</c>).
    /// </summary>
    public static string Time(DateTimeOffset time) => time.Offset == TimeSpan.Zero
        ? time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "-00:00"
        : time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace HeatRelief.Digest;

/// <summary>When the daily digest goes out (site local time), and whether it does at all.</summary>
public sealed class DigestOptions
{
    public const string SectionName = "Digest";

    /// <summary>
    /// Local time (the campaign's zone, <c>Audit__TimeZone</c>) from which the day's digest goes out, "HH:mm"; it is sent
    /// on the first run of the timer at or after it.
    /// </summary>
    [RegularExpression(@"^([01][0-9]|2[0-3]):[0-5][0-9]$", ErrorMessage = "must be a local time HH:mm, e.g. 07:00")]
    public string LocalTime { get; set; } = "07:00";

    /// <summary>False sends no digest (alerts are unaffected).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><see cref="LocalTime"/> parsed (validated at start).</summary>
    public TimeOnly SendFrom => TimeOnly.ParseExact(LocalTime, "HH\\:mm", CultureInfo.InvariantCulture);
}

using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Acks;

/// <summary>How long a site has to confirm its heat measures before HeatRelief reminds, escalates and tells the admins.</summary>
public sealed class AckOptions
{
    public const string SectionName = "Acks";

    /// <summary>Minutes after the ask without an answer before the site's managers are reminded.</summary>
    [Range(1, 24 * 60)] public int DueMinutes { get; set; } = 60;

    /// <summary>
    /// Minutes after the ask without an answer before the site's visit is offered first and its officer is told;
    /// at least <see cref="DueMinutes"/> (checked at start).
    /// </summary>
    [Range(1, 24 * 60)] public int EscalateMinutes { get; set; } = 120;

    /// <summary>
    /// Local hour the working day starts. An ask made before it (tomorrow's alert, sent the evening before) is counted
    /// from it: nobody is reminded in the night for a day that has not begun.
    /// </summary>
    [Range(0, 23)] public int WorkdayStartHour { get; set; } = 7;

    /// <summary>
    /// Local time taken as the hottest window's start when a forecast named none: by then, without an answer, the
    /// admins are told.
    /// </summary>
    [Range(0, 23)] public int DefaultHottestHour { get; set; } = 12;
}

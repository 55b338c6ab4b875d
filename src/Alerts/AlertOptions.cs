using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Alerts;

/// <summary>Which forecast days raise alerts.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>
    /// Days after today that may raise alerts (0: today only; 1: today and tomorrow). Each day alerts at
    /// most once per level, so in a long heatwave recipients hear once a day, a day ahead.
    /// </summary>
    [Range(0, 15)] public int LookaheadDays { get; set; } = 1;
}

using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Heat;

/// <summary>
/// Every number of the heat rules in one place: CMA warning signals, the NWS heat index bands of the
/// OSHA-NIOSH Heat Safety Tool, and the work limits of China's 2012 heat-protection rules (article 8).
/// </summary>
public sealed class HeatRulesOptions : IValidatableObject
{
    public const string SectionName = "HeatRules";

    /// <summary>CMA red signal: forecast daily maximum at or above this, that day.</summary>
    [Range(-50, 70)] public double RedSignalC { get; set; } = 40.0;

    /// <summary>CMA orange signal: forecast daily maximum at or above this, that day.</summary>
    [Range(-50, 70)] public double OrangeSignalC { get; set; } = 37.0;

    /// <summary>CMA yellow signal: daily maximum at or above this on the day and the following days.</summary>
    [Range(-50, 70)] public double YellowSignalC { get; set; } = 35.0;

    /// <summary>How many consecutive days (the day itself included) the yellow threshold must hold.</summary>
    [Range(1, 7)] public int YellowConsecutiveDays { get; set; } = 3;

    /// <summary>Heat index at or above this (91 F) is the moderate band.</summary>
    [Range(-50, 90)] public double HeatIndexModerateC { get; set; } = 32.8;

    /// <summary>Heat index at or above this (103 F) is the high band.</summary>
    [Range(-50, 90)] public double HeatIndexHighC { get; set; } = 39.4;

    /// <summary>Heat index above this (115 F) is the extreme band.</summary>
    [Range(-50, 90)] public double HeatIndexExtremeAboveC { get; set; } = 46.1;

    /// <summary>Daily maximum at or above this: stop outdoor work for the day.</summary>
    [Range(-50, 70)] public double StopOutdoorWorkC { get; set; } = 40.0;

    /// <summary>Daily maximum at or above this: limit outdoor hours and keep off the hottest window.</summary>
    [Range(-50, 70)] public double LimitOutdoorHoursC { get; set; } = 37.0;

    /// <summary>Daily maximum at or above this: rotate shifts, shorten continuous work, no overtime.</summary>
    [Range(-50, 70)] public double RotateShiftsC { get; set; } = 35.0;

    /// <summary>Most outdoor hours in a day between <see cref="LimitOutdoorHoursC"/> and <see cref="StopOutdoorWorkC"/>.</summary>
    [Range(1, 24)] public int MaxOutdoorHoursWhenLimited { get; set; } = 6;

    /// <summary>Length of the hottest window that is reported and kept free of outdoor work.</summary>
    [Range(1, 12)] public int HottestWindowHours { get; set; } = 3;

    /// <summary>
    /// First local hour of the daytime span: if the forecast misses any hour from here to
    /// <see cref="DaytimeEndHour"/>, the hottest window is taken as unknown.
    /// </summary>
    [Range(0, 23)] public int DaytimeStartHour { get; set; } = 10;

    /// <summary>End (exclusive) of the daytime span; 18 means the last hour checked is 17:00-18:00.</summary>
    [Range(1, 24)] public int DaytimeEndHour { get; set; } = 18;

    /// <summary>
    /// First of the standard midday hours kept free of outdoor work when the hottest window is unknown.
    /// The 2012 rules name no hours; local notices for 37 C days commonly ban outdoor work 11:00-16:00.
    /// </summary>
    [Range(0, 23)] public int MiddayStartHour { get; set; } = 11;

    /// <summary>End (exclusive) of the standard midday hours.</summary>
    [Range(1, 24)] public int MiddayEndHour { get; set; } = 16;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DaytimeEndHour <= DaytimeStartHour)
        {
            yield return new ValidationResult("must be later than HeatRules__DaytimeStartHour", [nameof(DaytimeEndHour)]);
        }

        if (MiddayEndHour <= MiddayStartHour)
        {
            yield return new ValidationResult("must be later than HeatRules__MiddayStartHour", [nameof(MiddayEndHour)]);
        }
    }
}

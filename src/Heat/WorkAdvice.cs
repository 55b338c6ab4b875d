namespace HeatRelief.Heat;

/// <summary>
/// What the 2012 heat-protection rules (article 8) ask of employers for the day, from the daily maximum
/// alone; the heat index band adds its own advice (see <see cref="AdviceText"/>).
/// </summary>
public enum WorkAdvice
{
    /// <summary>No restriction from the daily maximum.</summary>
    None = 0,

    /// <summary>35-37 C: rotate shifts, shorten continuous work, no overtime.</summary>
    RotateShifts = 2,

    /// <summary>37-40 C: at most N hours outdoors and none during the hottest window.</summary>
    LimitOutdoorHours = 3,

    /// <summary>40 C and above: stop outdoor work that day.</summary>
    StopOutdoorWork = 4,
}

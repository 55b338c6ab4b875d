namespace HeatRelief.Heat;

/// <summary>The hottest run of consecutive hours in a local day, e.g. 13:00-16:00.</summary>
public sealed record HottestWindow(TimeOnly Start, int Hours, double MeanTemperatureC)
{
    /// <summary>"HH:mm" of the first hour.</summary>
    public string StartText => Start.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"HH:mm" just after the last hour; "24:00" when the window ends at midnight.</summary>
    public string EndText
    {
        get
        {
            var end = Start.Hour + Hours;
            return end >= 24 ? "24:00" : $"{end:00}:00";
        }
    }
}

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

/// <summary>The graded heat of one site on one local day, with the inputs that explain it.</summary>
public sealed record HeatGrade(
    DateOnly Date,
    HeatLevel Level,
    HeatLevel Signal,
    double MaxTemperatureC,
    double MaxHeatIndexC,
    HeatIndexBand HeatIndexBand,
    HottestWindow? HottestWindow,
    WorkAdvice Advice,
    int MaxOutdoorHours,
    bool Complete,
    string Rule)
{
    /// <summary>
    /// Whether <see cref="HottestWindow"/> is known. The grader leaves the window null when the forecast
    /// misses a daytime hour (or has too few hours): a window computed around a gap is not the hottest.
    /// </summary>
    public bool HottestWindowKnown => HottestWindow is not null;

    /// <summary>
    /// When the hottest window is unknown: the hours kept free of outdoor work in its place (the standard
    /// midday hours, widened to cover the missing daytime hours and the hottest run of the hours there are).
    /// </summary>
    public HourSpan? FallbackWindow { get; init; }
}

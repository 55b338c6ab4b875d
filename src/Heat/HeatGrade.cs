namespace HeatRelief.Heat;

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

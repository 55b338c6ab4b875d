namespace HeatRelief.Weather;

/// <summary>A forecast for one location: hourly temperature and humidity and the daily maxima, in local time.</summary>
public sealed record LocationForecast(
    double Latitude,
    double Longitude,
    int UtcOffsetSeconds,
    string TimeZone,
    IReadOnlyList<HourlyReading> Hourly,
    IReadOnlyDictionary<DateOnly, double> DailyMaxC)
{
    /// <summary>The location's local calendar day at <paramref name="utcNow"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset utcNow) =>
        DateOnly.FromDateTime(utcNow.UtcDateTime.AddSeconds(UtcOffsetSeconds));

    /// <summary>The days the forecast covers, earliest first.</summary>
    public IReadOnlyList<DateOnly> Days => [.. DailyMaxC.Keys.Order()];

    /// <summary>The same forecast moved by whole days (the replay source aligns a recording with today).</summary>
    public LocationForecast ShiftDays(int days) => days == 0
        ? this
        : this with
        {
            Hourly = [.. Hourly.Select(h => h with { LocalTime = h.LocalTime.AddDays(days) })],
            DailyMaxC = DailyMaxC.ToDictionary(d => d.Key.AddDays(days), d => d.Value),
        };
}

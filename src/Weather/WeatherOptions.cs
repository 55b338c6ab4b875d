using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Weather;

/// <summary>Where forecasts come from: the bundled recording (offline default) or live Open-Meteo.</summary>
public sealed class WeatherOptions
{
    public const string SectionName = "Weather";
    public const string RecordedSource = "recorded";
    public const string OpenMeteoSource = "open-meteo";

    /// <summary>"recorded" replays <see cref="RecordingPath"/>; "open-meteo" asks the live API.</summary>
    [Required, RegularExpression("^(recorded|open-meteo)$", ErrorMessage = "Weather:Source must be 'recorded' or 'open-meteo'.")]
    public string Source { get; set; } = RecordedSource;

    /// <summary>A recorded Open-Meteo response (file), replayed with its first day moved to today.</summary>
    public string RecordingPath { get; set; } = "samples/weather/beijing-2023-06-heatwave.json";

    /// <summary>Base address of the Open-Meteo forecast API.</summary>
    [Required, Url] public string OpenMeteoBaseUrl { get; set; } = "https://api.open-meteo.com";

    /// <summary>Locations per request; Open-Meteo accepts up to 1,000.</summary>
    [Range(1, 1000)] public int MaxLocationsPerRequest { get; set; } = 1000;

    /// <summary>Longest request URL sent; more locations go into further requests.</summary>
    [Range(1000, 64000)] public int MaxUrlLength { get; set; } = 8000;

    /// <summary>Days requested; three lets the yellow signal see today and the two days after.</summary>
    [Range(1, 16)] public int ForecastDays { get; set; } = 3;

    /// <summary>Sites in the same grid cell of this many degrees share one forecast location.</summary>
    [Range(0.001, 1.0)] public double CellDegrees { get; set; } = 0.1;

    /// <summary>Timeout of each attempt at a request to the live API.</summary>
    [Range(1, 300)] public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after a failed attempt (a transient answer, no connection, an attempt timed out); 0: none.</summary>
    [Range(0, 10)] public int RetryAttempts { get; set; } = 3;

    /// <summary>
    /// First wait before a retry, doubling (with jitter) for each next one. One request with its retries takes at
    /// most (RetryAttempts + 1) x RequestTimeoutSeconds + RetryAttempts x RetryDelaySeconds x 2^(RetryAttempts-1), plus a second.
    /// </summary>
    [Range(0.0, 60.0)] public double RetryDelaySeconds { get; set; } = 1;
}

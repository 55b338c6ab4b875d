using HeatRelief.Sites;
using Microsoft.Extensions.Options;

namespace HeatRelief.Weather;

/// <summary>
/// Replays a recorded Open-Meteo response, moved so that its first day is today: the offline default.
/// Each site takes the recorded location nearest to it.
/// </summary>
public sealed class RecordedWeatherSource(IOptions<WeatherOptions> options, TimeProvider time) : IWeatherSource
{
    public async Task<IReadOnlyDictionary<string, LocationForecast>> GetForecastsAsync(IReadOnlyList<Site> sites, CancellationToken ct)
    {
        var path = ResolvePath(options.Value.RecordingPath);
        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A missing or unreadable recording is a weather failure like a dead API: audited, and no level changes.
            throw new WeatherDataException($"the weather recording '{path}' cannot be read: {ex.Message}", ex);
        }

        var recorded = OpenMeteoParser.Parse(json, path);
        var now = time.GetUtcNow();
        var aligned = recorded.Select(f => f.Days.Count == 0 ? f : f.ShiftDays(f.LocalDate(now).DayNumber - f.Days[0].DayNumber)).ToList();

        return Nearest(sites, aligned);
    }

    /// <summary>
    /// Pairs each site with the recorded location nearest to it (a recording's locations are Open-Meteo's
    /// grid points, which need not match HeatRelief's cells); <c>evaluate --sites</c> pairs the same way.
    /// </summary>
    public static IReadOnlyDictionary<string, LocationForecast> Nearest(IReadOnlyList<Site> sites, IReadOnlyList<LocationForecast> locations) =>
        sites.ToDictionary(
            s => s.Id,
            s => locations.MinBy(f => GreatCircle.DistanceKm(s.Latitude, s.Longitude, f.Latitude, f.Longitude))!);

    /// <summary>Relative paths are tried from the working directory, then from the app's own folder.</summary>
    public static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, path);
        if (File.Exists(beside))
        {
            return beside;
        }

        throw new WeatherDataException($"Weather recording '{path}' not found (set Weather:RecordingPath).");
    }
}

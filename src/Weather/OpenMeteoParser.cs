using System.Globalization;
using System.Text.Json;

namespace HeatRelief.Weather;

/// <summary>Reads Open-Meteo JSON (one object, or an array for a multi-location request) into forecasts.</summary>
public static class OpenMeteoParser
{
    /// <summary>Parses a response body; throws <see cref="WeatherDataException"/> naming what is wrong.</summary>
    public static IReadOnlyList<LocationForecast> Parse(string json, string source)
    {
        List<OpenMeteoResponse> responses;
        try
        {
            using var doc = JsonDocument.Parse(json);
            responses = doc.RootElement.ValueKind switch
            {
                JsonValueKind.Array => doc.RootElement.Deserialize<List<OpenMeteoResponse>>() ?? [],
                JsonValueKind.Object => [doc.RootElement.Deserialize<OpenMeteoResponse>()!],
                _ => throw new WeatherDataException($"{source}: expected a JSON object or array, got {doc.RootElement.ValueKind}."),
            };
        }
        catch (JsonException ex)
        {
            throw new WeatherDataException($"{source}: not valid Open-Meteo JSON ({ex.Message}).", ex);
        }

        if (responses.Count == 0)
        {
            throw new WeatherDataException($"{source}: no locations in the response.");
        }

        return [.. responses.Select((r, i) => ToForecast(r, $"{source} location {i}"))];
    }

    private static LocationForecast ToForecast(OpenMeteoResponse? r, string where)
    {
        if (r is null)
        {
            throw new WeatherDataException($"{where}: null instead of a location object.");
        }

        var hourly = r.Hourly ?? throw new WeatherDataException($"{where}: 'hourly' is missing.");
        var daily = r.Daily ?? throw new WeatherDataException($"{where}: 'daily' is missing.");
        var times = hourly.Time ?? throw new WeatherDataException($"{where}: 'hourly.time' is missing.");
        var temps = hourly.Temperature ?? throw new WeatherDataException($"{where}: 'hourly.temperature_2m' is missing.");
        var hums = hourly.RelativeHumidity ?? throw new WeatherDataException($"{where}: 'hourly.relative_humidity_2m' is missing.");
        if (temps.Count != times.Count || hums.Count != times.Count)
        {
            throw new WeatherDataException($"{where}: hourly arrays differ in length ({times.Count} times, {temps.Count} temperatures, {hums.Count} humidities).");
        }

        var readings = new List<HourlyReading>(times.Count);
        for (var i = 0; i < times.Count; i++)
        {
            // Missing hours (null) are skipped, never read as zero: a gap must not look like a cool hour.
            if (temps[i] is not { } t || hums[i] is not { } h)
            {
                continue;
            }

            if (!DateTime.TryParseExact(times[i], "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                throw new WeatherDataException($"{where}: hourly.time[{i}] '{times[i]}' is not yyyy-MM-ddTHH:mm.");
            }

            if (!double.IsFinite(t) || t is < -90 or > 70 || !double.IsFinite(h) || h is < 0 or > 100)
            {
                throw new WeatherDataException($"{where}: hour {times[i]} has an impossible reading ({t} C, {h} %).");
            }

            readings.Add(new HourlyReading(time, t, h));
        }

        var days = daily.Time ?? throw new WeatherDataException($"{where}: 'daily.time' is missing.");
        var maxima = daily.TemperatureMax ?? throw new WeatherDataException($"{where}: 'daily.temperature_2m_max' is missing.");
        if (maxima.Count != days.Count)
        {
            throw new WeatherDataException($"{where}: daily arrays differ in length.");
        }

        var dailyMax = new Dictionary<DateOnly, double>();
        for (var i = 0; i < days.Count; i++)
        {
            if (!DateOnly.TryParseExact(days[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new WeatherDataException($"{where}: daily.time[{i}] '{days[i]}' is not yyyy-MM-dd.");
            }

            if (maxima[i] is { } max)
            {
                if (!double.IsFinite(max) || max is < -90 or > 70)
                {
                    throw new WeatherDataException($"{where}: day {days[i]} has an impossible maximum ({max} C).");
                }

                dailyMax[day] = max;
            }
        }

        return new LocationForecast(r.Latitude, r.Longitude, r.UtcOffsetSeconds, r.TimeZone ?? "GMT", readings, dailyMax);
    }
}

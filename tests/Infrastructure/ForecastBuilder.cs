using System.Globalization;
using System.Text.Json;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>Writes Open-Meteo-format forecasts with chosen daily maxima, for tests that need known heat levels.</summary>
public static class ForecastBuilder
{
    /// <summary>A location whose hourly curve peaks at 15:00 at each given daily maximum, with dry afternoons.</summary>
    public sealed record Location(double Latitude, double Longitude, double[] DailyMaxC, double AfternoonHumidity = 20);

    public static string Json(DateOnly firstDay, params Location[] locations) =>
        JsonSerializer.Serialize(locations.Select((l, i) => Object(firstDay, l, i)).ToArray());

    public static string WriteFile(DateOnly firstDay, params Location[] locations)
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "forecast.json");
        File.WriteAllText(path, Json(firstDay, locations));
        return path;
    }

    private static Dictionary<string, object> Object(DateOnly firstDay, Location l, int index)
    {
        var times = new List<string>();
        var temps = new List<double>();
        var hums = new List<double>();
        for (var d = 0; d < l.DailyMaxC.Length; d++)
        {
            var max = l.DailyMaxC[d];
            for (var h = 0; h < 24; h++)
            {
                // Coolest at 05:00 (max - 10), hottest exactly at 15:00.
                var distance = Math.Abs(h - 15) / 10.0;
                var t = Math.Round(max - (Math.Min(distance, 1.0) * 10.0), 1);
                times.Add($"{firstDay.AddDays(d):yyyy-MM-dd}T{h:00}:00");
                temps.Add(t);
                hums.Add(Math.Round(l.AfternoonHumidity + (Math.Min(distance, 1.0) * 40.0)));
            }
        }

        return new Dictionary<string, object>
        {
            ["latitude"] = l.Latitude,
            ["longitude"] = l.Longitude,
            ["generationtime_ms"] = 0.1,
            ["utc_offset_seconds"] = 28800,
            ["timezone"] = "Asia/Shanghai",
            ["timezone_abbreviation"] = "GMT+8",
            ["elevation"] = 50.0,
            ["location_id"] = index,
            ["hourly_units"] = new { time = "iso8601", temperature_2m = "°C", relative_humidity_2m = "%" },
            ["hourly"] = new Dictionary<string, object> { ["time"] = times, ["temperature_2m"] = temps, ["relative_humidity_2m"] = hums },
            ["daily_units"] = new { time = "iso8601", temperature_2m_max = "°C" },
            ["daily"] = new Dictionary<string, object>
            {
                ["time"] = Enumerable.Range(0, l.DailyMaxC.Length).Select(d => firstDay.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
                ["temperature_2m_max"] = l.DailyMaxC,
            },
        };
    }
}

/// <summary>Small CSV files for tests.</summary>
public static class CsvFiles
{
    public const string SitesHeader = "id,name,district,latitude,longitude,kind,outdoor_workers";
    public const string RecipientsHeader = "id,site_id,name,role,channel,address,language,quiet_start,quiet_end";
    public const string OfficersHeader = "id,name,district,latitude,longitude,channel,address,max_visits_per_day";

    public static string Write(string folder, string name, string header, params string[] rows)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, string.Join("\n", new[] { header }.Concat(rows)) + "\n");
        return path;
    }
}

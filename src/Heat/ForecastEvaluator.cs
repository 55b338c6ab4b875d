using System.Globalization;
using HeatRelief.Sites;
using HeatRelief.Weather;

namespace HeatRelief.Heat;

/// <summary>
/// Grades a recorded forecast as it stands (its own dates, nothing shifted), with no storage or network:
/// what admins run to check a forecast before a campaign.
/// </summary>
public sealed class ForecastEvaluator(HeatGrader grader)
{
    /// <summary>Farthest a site may be from the forecast location it is graded by before the file is refused as not covering it.</summary>
    public const double MaxSiteDistanceKm = 50;

    /// <summary>
    /// Grades <paramref name="date"/> (default: each location's first day). Without sites, one row per
    /// location, named by index; with sites, one row per site, each graded by the forecast location nearest
    /// to it, as the heat check pairs sites with a recording (sites of one grid cell share a location).
    /// </summary>
    public IReadOnlyList<ForecastEvaluation> Evaluate(IReadOnlyList<LocationForecast> locations, IReadOnlyList<Site>? sites, DateOnly? date, string language)
    {
        IReadOnlyList<(string Id, string? Name, double Lat, double Lon, LocationForecast Forecast, string Where, string AdminCode)> graded;
        if (sites is null)
        {
            graded = [.. locations.Select((f, i) => (i.ToString(CultureInfo.InvariantCulture), (string?)null, f.Latitude, f.Longitude, f, $"Location {i}", string.Empty))];
        }
        else
        {
            var paired = RecordedWeatherSource.Nearest(sites, locations);
            graded = [.. sites.Select(s => (s.Id, (string?)s.Name, s.Latitude, s.Longitude, paired[s.Id], $"Site {s.Id}", s.AdminCode))];
            foreach (var site in sites)
            {
                var f = paired[site.Id];
                var km = GreatCircle.DistanceKm(site.Latitude, site.Longitude, f.Latitude, f.Longitude);
                if (km > MaxSiteDistanceKm)
                {
                    throw new WeatherDataException(string.Create(CultureInfo.InvariantCulture,
                        $"Site {site.Id} is {km:0} km from the nearest forecast location ({f.Latitude:0.00}, {f.Longitude:0.00}); the forecast does not cover it (at most {MaxSiteDistanceKm:0} km)."));
                }
            }
        }

        var rows = new List<ForecastEvaluation>(graded.Count);
        foreach (var (id, name, lat, lon, forecast, where, adminCode) in graded)
        {
            if (forecast.Days.Count == 0)
            {
                throw new WeatherDataException($"{where} has no daily maxima.");
            }

            var day = date ?? forecast.Days[0];
            if (!forecast.DailyMaxC.ContainsKey(day))
            {
                throw new WeatherDataException($"{where} has no forecast for {day:yyyy-MM-dd} (it covers {forecast.Days[0]:yyyy-MM-dd} to {forecast.Days[^1]:yyyy-MM-dd}).");
            }

            var hours = forecast.Hourly.Where(h => DateOnly.FromDateTime(h.LocalTime) == day).OrderBy(h => h.LocalTime).ToList();
            var grade = grader.Grade(day, forecast.DailyMaxC, hours);
            rows.Add(new ForecastEvaluation(id, name, lat, lon, grade, AdviceText.For(grade, language), adminCode));
        }

        return rows;
    }
}

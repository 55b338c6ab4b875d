using HeatRelief.Sites;
using HeatRelief.Weather;

namespace HeatRelief.Heat;

/// <summary>One graded row of <c>evaluate</c>: a site (or a location index) on one day.</summary>
public sealed record ForecastEvaluation(string SiteId, string? SiteName, HeatGrade Grade, string Advice);

/// <summary>
/// Grades a recorded forecast as it stands (its own dates, nothing shifted), with no storage or network:
/// what admins run to check a forecast before a campaign.
/// </summary>
public sealed class ForecastEvaluator(HeatGrader grader)
{
    /// <summary>
    /// Grades <paramref name="date"/> (default: each location's first day). Without sites, locations are
    /// named by index; with sites, location i is the forecast for site i.
    /// </summary>
    public IReadOnlyList<ForecastEvaluation> Evaluate(IReadOnlyList<LocationForecast> locations, IReadOnlyList<Site>? sites, DateOnly? date, string language)
    {
        if (sites is not null && sites.Count != locations.Count)
        {
            throw new WeatherDataException($"The forecast has {locations.Count} locations but the sites file has {sites.Count} rows; location i must be the forecast for site i.");
        }

        var rows = new List<ForecastEvaluation>(locations.Count);
        for (var i = 0; i < locations.Count; i++)
        {
            var forecast = locations[i];
            if (forecast.Days.Count == 0)
            {
                throw new WeatherDataException($"Location {i} has no daily maxima.");
            }

            var day = date ?? forecast.Days[0];
            if (!forecast.DailyMaxC.ContainsKey(day))
            {
                throw new WeatherDataException($"Location {i} has no forecast for {day:yyyy-MM-dd} (it covers {forecast.Days[0]:yyyy-MM-dd} to {forecast.Days[^1]:yyyy-MM-dd}).");
            }

            var hours = forecast.Hourly.Where(h => DateOnly.FromDateTime(h.LocalTime) == day).OrderBy(h => h.LocalTime).ToList();
            var grade = grader.Grade(day, forecast.DailyMaxC, hours);
            var site = sites?[i];
            rows.Add(new ForecastEvaluation(site?.Id ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), site?.Name, grade, AdviceText.For(grade, language)));
        }

        return rows;
    }
}

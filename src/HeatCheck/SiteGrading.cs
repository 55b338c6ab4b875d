using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Weather;
using Microsoft.Extensions.Options;

namespace HeatRelief.HeatCheck;

/// <summary>The heat check's first step: the active sites, their forecasts, and each local day's grade.</summary>
public sealed class SiteGrading(SiteDirectory directory, IWeatherSource weather, HeatGrader grader, HeatCheckMetrics metrics, IOptions<AlertOptions> alertOptions)
{
    /// <summary>The sites to check: an inactive (finished or removed) site gets no forecast, alert or all-clear.</summary>
    public async Task<IReadOnlyList<Site>> ActiveSitesAsync(CancellationToken ct) =>
        (await directory.ListSitesAsync(ct)).Where(s => s.Active).ToList();

    /// <summary>Forecasts by site id; throws as the weather source does when it fails.</summary>
    public Task<IReadOnlyDictionary<string, LocationForecast>> ForecastsAsync(IReadOnlyList<Site> sites, CancellationToken ct) =>
        weather.GetForecastsAsync(sites, ct);

    /// <summary>Grades every site with a forecast for today and the look-ahead days, and counts the sites graded.</summary>
    public SiteGrades Grade(IReadOnlyList<Site> sites, IReadOnlyDictionary<string, LocationForecast> forecasts, DateTimeOffset now)
    {
        var graded = new List<GradedSite>();
        var todayLevels = new Dictionary<HeatLevel, int>();
        foreach (var site in sites)
        {
            if (!forecasts.TryGetValue(site.Id, out var forecast))
            {
                continue;
            }

            var today = forecast.LocalDate(now);
            foreach (var grade in grader.GradeDays(forecast).Where(g => g.Date >= today && g.Date.DayNumber - today.DayNumber <= alertOptions.Value.LookaheadDays))
            {
                graded.Add(new GradedSite(site, grade, forecast.UtcOffsetSeconds));
                if (grade.Date == today)
                {
                    todayLevels[grade.Level] = todayLevels.GetValueOrDefault(grade.Level) + 1;
                }
            }
        }

        var missing = sites.Count(s => !forecasts.ContainsKey(s.Id));
        metrics.SitesChecked.Add(sites.Count - missing);
        return new SiteGrades(graded, todayLevels, sites.Count - missing, missing);
    }
}

using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;
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

    /// <summary>
    /// Grades every site with a forecast for today and the look-ahead days, merges the official heat warnings in force
    /// (as they stand now: a message sent later does not count yet), and counts the sites graded.
    /// </summary>
    public SiteGrades Grade(IReadOnlyList<Site> sites, IReadOnlyDictionary<string, LocationForecast> forecasts, WarningsRead warnings, DateTimeOffset now)
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
                var inForce = warnings.Book?.InForce(site.Latitude, site.Longitude, site.AdminCode, grade.Date, now) ?? [];
                var merged = WarningMerge.Merge(grade.Level, inForce);
                graded.Add(new GradedSite(site, grade, forecast.UtcOffsetSeconds, merged.Level, WarningCitation.Of(merged)));
                if (grade.Date == today)
                {
                    todayLevels[merged.Level] = todayLevels.GetValueOrDefault(merged.Level) + 1;
                }
            }
        }

        var missing = sites.Count(s => !forecasts.ContainsKey(s.Id));
        metrics.SitesChecked.Add(sites.Count - missing);
        return new SiteGrades(graded, todayLevels, sites.Count - missing, missing);
    }
}

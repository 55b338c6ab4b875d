using HeatRelief.Sites;

namespace HeatRelief.Weather;

/// <summary>Supplies a forecast for each site (by site id).</summary>
public interface IWeatherSource
{
    /// <summary>Forecasts for the given sites; a site the source cannot cover is absent from the result.</summary>
    Task<IReadOnlyDictionary<string, LocationForecast>> GetForecastsAsync(IReadOnlyList<Site> sites, CancellationToken ct);
}

/// <summary>Groups sites into grid cells so that sites close together share one forecast location.</summary>
public static class ForecastCells
{
    /// <summary>One cell: the point to ask for and the sites it stands for.</summary>
    public sealed record Cell(double Latitude, double Longitude, IReadOnlyList<string> SiteIds);

    public static IReadOnlyList<Cell> Group(IEnumerable<Site> sites, double cellDegrees) =>
        [.. sites
            .GroupBy(s => (Math.Floor(s.Latitude / cellDegrees), Math.Floor(s.Longitude / cellDegrees)))
            .OrderBy(g => g.Key)
            .Select(g => new Cell(
                Math.Round(g.Average(s => s.Latitude), 4),
                Math.Round(g.Average(s => s.Longitude), 4),
                [.. g.Select(s => s.Id).Order(StringComparer.Ordinal)]))];
}

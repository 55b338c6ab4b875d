using HeatRelief.Sites;

namespace HeatRelief.Weather;

/// <summary>Groups sites into grid cells so that sites close together share one forecast location.</summary>
public static class ForecastCells
{
    /// <summary>One cell: the point to ask for and the sites it stands for.</summary>
    public sealed record Cell(double Latitude, double Longitude, IReadOnlyList<string> SiteIds);

    public static IReadOnlyList<Cell> Group(IEnumerable<Site> sites, double cellDegrees) =>
        [.. sites
            // The epsilon keeps 39.9 / 0.1 = 398.99999999999994 in cell 399, where a person would put it.
            .GroupBy(s => (Math.Floor((s.Latitude / cellDegrees) + 1e-9), Math.Floor((s.Longitude / cellDegrees) + 1e-9)))
            .OrderBy(g => g.Key)
            .Select(g => new Cell(
                Math.Round(g.Average(s => s.Latitude), 4),
                Math.Round(g.Average(s => s.Longitude), 4),
                [.. g.Select(s => s.Id).Order(StringComparer.Ordinal)]))];
}

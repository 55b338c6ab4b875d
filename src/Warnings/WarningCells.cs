using HeatRelief.Sites;

namespace HeatRelief.Warnings;

/// <summary>
/// Groups sites into square grid cells (<c>Warnings__CellDegrees</c>) for a source asked by point, so sites close
/// together share one request. A cell is fixed by the grid, not by its sites, so the same cell is always asked at the
/// same point: its centre.
/// </summary>
public static class WarningCells
{
    /// <summary>One cell: its south-west corner, its size, and the sites in it.</summary>
    public sealed record Cell(double South, double West, double Degrees, IReadOnlyList<string> SiteIds)
    {
        public double CentreLatitude => South + (Degrees / 2);

        public double CentreLongitude => West + (Degrees / 2);
    }

    public static IReadOnlyList<Cell> Group(IEnumerable<Site> sites, double cellDegrees) =>
        [.. sites
            // The epsilon keeps 39.9 / 0.1 = 398.99999999999994 in cell 399, where a person would put it (as ForecastCells does).
            .GroupBy(s => (Row: Math.Floor((s.Latitude / cellDegrees) + 1e-9), Column: Math.Floor((s.Longitude / cellDegrees) + 1e-9)))
            .OrderBy(g => g.Key)
            .Select(g => new Cell(g.Key.Row * cellDegrees, g.Key.Column * cellDegrees, cellDegrees, [.. g.Select(s => s.Id).Order(StringComparer.Ordinal)]))];
}

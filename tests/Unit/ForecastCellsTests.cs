using HeatRelief.Sites;
using HeatRelief.Weather;

namespace HeatRelief.Tests.Unit;

/// <summary>Grouping of sites into shared forecast grid cells.</summary>
public sealed class ForecastCellsTests
{
    private static Site At(string id, double latitude, double longitude) => new(id, id, "Dongcheng", latitude, longitude, "sanitation", 10);

    [Fact]
    public void ForecastCells_Group_PutsSitesOfOneCellTogether()
    {
        // 39.93 and 39.96 both floor to 39.9; 116.42 and 116.48 both floor to 116.4.
        var cell = ForecastCells.Group([At("B", 39.93, 116.42), At("A", 39.96, 116.48)], 0.1).ShouldHaveSingleItem();

        cell.SiteIds.ShouldBe(["A", "B"]);
        cell.Latitude.ShouldBe(39.945, 1e-9);
        cell.Longitude.ShouldBe(116.45, 1e-9);
    }

    [Fact]
    public void ForecastCells_Group_KeepsSitesOfDifferentCellsApart()
    {
        var cells = ForecastCells.Group([At("N", 40.01, 116.42), At("S", 39.93, 116.42), At("E", 39.93, 116.51)], 0.1);

        cells.Count.ShouldBe(3);
        cells.Select(c => c.SiteIds.ShouldHaveSingleItem()).ShouldBe(["S", "E", "N"]);
        cells.Select(c => c.Latitude).ShouldBe([39.93, 39.93, 40.01]);
    }

    [Fact]
    public void ForecastCells_Group_ReturnsNothingForNoSites()
    {
        ForecastCells.Group([], 0.1).ShouldBeEmpty();
    }
}

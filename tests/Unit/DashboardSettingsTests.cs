using System.ComponentModel.DataAnnotations;
using HeatRelief.Dashboard;

namespace HeatRelief.Tests.Unit;

/// <summary><c>Dashboard__MapTileUrl</c>: empty (no tiles), an XYZ URL template, or leaflet.chinatmsproviders layer names; anything else is refused.</summary>
public sealed class DashboardSettingsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("https://tiles.example/{z}/{x}/{y}.png")]
    [InlineData("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png?tk={key}")]
    [InlineData("GaoDe.Normal.Map")]
    [InlineData("TianDiTu.Normal.Map, TianDiTu.Normal.Annotion")]
    public void DashboardOptions_Validate_AcceptsTemplatesAndProviderNames(string value)
    {
        Errors(value).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("https://tiles.example/tile.png")]
    [InlineData("ftp://tiles.example/{z}/{x}/{y}.png")]
    [InlineData("javascript://{z}{x}{y}")]
    [InlineData("GaoDe")]
    [InlineData("GaoDe.Normal.Map;alert(1)")]
    [InlineData("GaoDe.Normal.Map,<script>")]
    public void DashboardOptions_Validate_RefusesAnythingElse(string value)
    {
        Errors(value).ShouldHaveSingleItem().MemberNames.ShouldBe([nameof(DashboardOptions.MapTileUrl)]);
    }

    [Fact]
    public void DashboardOptions_TileLayers_SplitsProviderNamesButNotATemplate()
    {
        new DashboardOptions().TileLayers().ShouldBeEmpty();
        new DashboardOptions { MapTileUrl = "TianDiTu.Normal.Map, TianDiTu.Normal.Annotion" }.TileLayers().ShouldBe(["TianDiTu.Normal.Map", "TianDiTu.Normal.Annotion"]);
        new DashboardOptions { MapTileUrl = "https://t.example/{z}/{x}/{y}.png?a=1,2" }.TileLayers().ShouldBe(["https://t.example/{z}/{x}/{y}.png?a=1,2"]);
    }

    private static List<ValidationResult> Errors(string value)
    {
        var options = new DashboardOptions { MapTileUrl = value };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The copies of Leaflet and leaflet.chinatmsproviders in <c>src/Dashboard/vendor/</c> (embedded in the page) are the
/// files of the versions <c>package.json</c> pins, as npm installed them into <c>node_modules</c>.
/// </summary>
public sealed partial class DashboardVendorTests
{
    [Theory]
    [InlineData("leaflet", "dist/leaflet.js", "leaflet.js")]
    [InlineData("leaflet", "dist/leaflet.css", "leaflet.css")]
    [InlineData("leaflet", "LICENSE", "LICENSE.leaflet")]
    [InlineData("leaflet.chinatmsproviders", "src/leaflet.ChineseTmsProviders.js", "leaflet.ChineseTmsProviders.js")]
    [InlineData("leaflet.chinatmsproviders", "LICENSE", "LICENSE.leaflet.chinatmsproviders")]
    public void Vendor_File_IsThePinnedPackagesFile(string package, string file, string vendored)
    {
        var installed = Path.Combine(TestPaths.Root, "node_modules", package);
        File.Exists(Path.Combine(installed, "package.json")).ShouldBeTrue($"{package} is not in node_modules: run npm ci");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(installed, "package.json")));
        using var project = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "package.json")));
        manifest.RootElement.GetProperty("version").GetString().ShouldBe(project.RootElement.GetProperty("devDependencies").GetProperty(package).GetString());

        File.ReadAllBytes(Path.Combine(TestPaths.Root, "src", "Dashboard", "vendor", vendored))
            .SequenceEqual(File.ReadAllBytes(Path.Combine(installed, file)))
            .ShouldBeTrue($"src/Dashboard/vendor/{vendored} differs from node_modules/{package}/{file}: copy it again");
    }

    [Fact]
    public void Vendor_Leaflet_IsTheVersionPackageJsonPins()
    {
        using var project = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "package.json")));
        var script = File.ReadAllText(Path.Combine(TestPaths.Root, "src", "Dashboard", "vendor", "leaflet.js"));
        LeafletVersion().Match(script).Groups[1].Value.ShouldBe(project.RootElement.GetProperty("devDependencies").GetProperty("leaflet").GetString());
    }

    [GeneratedRegex(@"\.version=""([0-9.]+)""")]
    private static partial Regex LeafletVersion();
}

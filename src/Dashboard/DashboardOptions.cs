using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace HeatRelief.Dashboard;

/// <summary>
/// The dashboard map's background. Unset (the default, and in tests), the map draws no tiles and asks nothing of the
/// internet: districts' names and site labels on a plain background. Set, the admin's browser loads tiles from there.
/// </summary>
public sealed partial class DashboardOptions : IValidatableObject
{
    public const string SectionName = "Dashboard";

    /// <summary>
    /// Where map tiles come from: an XYZ URL template (<c>https://tiles.example/{z}/{x}/{y}.png</c>), or one or more
    /// leaflet.chinatmsproviders layer names, comma-separated and drawn in order (<c>GaoDe.Normal.Map</c> for AMap,
    /// <c>TianDiTu.Normal.Map,TianDiTu.Normal.Annotion</c> for Tianditu with its labels). Empty: no tiles.
    /// </summary>
    public string MapTileUrl { get; set; } = string.Empty;

    /// <summary>The key a provider asks for in its tile URLs (<c>{key}</c>, Tianditu's <c>tk</c>); a browser key, seen by every admin.</summary>
    public string MapTileKey { get; set; } = string.Empty;

    /// <summary>The layers <see cref="MapTileUrl"/> names, in drawing order; none when it is empty.</summary>
    public IReadOnlyList<string> TileLayers() =>
        MapTileUrl.Length == 0 ? [] : IsUrlTemplate(MapTileUrl) ? [MapTileUrl] : MapTileUrl.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var valid = MapTileUrl.Length == 0 || (IsUrlTemplate(MapTileUrl) ? IsTileTemplate(MapTileUrl) : TileLayers().All(ProviderLayer().IsMatch));
        if (!valid)
        {
            yield return new ValidationResult(
                "must be an http(s) tile URL template with {z}, {x} and {y}, or leaflet.chinatmsproviders layer names such as GaoDe.Normal.Map", [nameof(MapTileUrl)]);
        }
    }

    private static bool IsTileTemplate(string value) =>
        Uri.TryCreate(value.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http"
        && new[] { "{z}", "{x}", "{y}" }.All(p => value.Contains(p, StringComparison.Ordinal));

    private static bool IsUrlTemplate(string value) => value.Contains("://", StringComparison.Ordinal);

    [GeneratedRegex(@"^[A-Za-z]+\.[A-Za-z]+\.[A-Za-z]+$")]
    private static partial Regex ProviderLayer();
}

using NetTopologySuite.Geometries;

namespace HeatRelief.Warnings;

/// <summary>
/// A CAP <c>area</c>. Polygons are NetTopologySuite polygons with x = longitude and y = latitude (CAP writes
/// <c>lat,lon</c>); a site on a polygon's edge is inside. Geocodes match a site's administrative code, or the province or city it lies in.
/// </summary>
public sealed record CapArea(string Description, IReadOnlyList<Polygon> Polygons, IReadOnlyList<CapCircle> Circles, IReadOnlyList<CapValue> Geocodes)
{
    /// <summary>Whether (and how) this area covers a site; <paramref name="adminCode"/> is its GB/T 2260 code, if known.</summary>
    public AreaMatch Covers(double latitude, double longitude, string? adminCode)
    {
        if (Polygons.Count > 0)
        {
            var point = Polygons[0].Factory.CreatePoint(new Coordinate(longitude, latitude));
            if (Polygons.Any(p => p.Covers(point)))
            {
                return AreaMatch.Polygon;
            }
        }

        if (Circles.Any(c => c.Contains(latitude, longitude)))
        {
            return AreaMatch.Circle;
        }

        var code = adminCode?.Trim();
        return !string.IsNullOrEmpty(code) && Geocodes.Any(g => CodeCovers(g.Value.Trim(), code))
            ? AreaMatch.Geocode
            : AreaMatch.None;
    }

    /// <summary>
    /// Whether a geocode names a site's division: the same code, or (GB/T 2260's six digits) the province (<c>110000</c>)
    /// or city (<c>110100</c>) the site's district (<c>110105</c>) lies in, so a municipal warning covers its districts.
    /// </summary>
    public static bool CodeCovers(string geocode, string siteCode)
    {
        if (string.Equals(geocode, siteCode, StringComparison.Ordinal))
        {
            return true;
        }

        if (geocode.Length != 6 || siteCode.Length != 6 || !geocode.All(char.IsAsciiDigit) || !siteCode.All(char.IsAsciiDigit))
        {
            return false;
        }

        return geocode.EndsWith("0000", StringComparison.Ordinal) ? siteCode.StartsWith(geocode[..2], StringComparison.Ordinal)
            : geocode.EndsWith("00", StringComparison.Ordinal) && siteCode.StartsWith(geocode[..4], StringComparison.Ordinal);
    }
}

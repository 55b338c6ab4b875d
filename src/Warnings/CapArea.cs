using NetTopologySuite.Geometries;

namespace HeatRelief.Warnings;

/// <summary>
/// A CAP <c>area</c>. Polygons are NetTopologySuite polygons with x = longitude and y = latitude (CAP writes
/// <c>lat,lon</c>); a site on a polygon's edge is inside. Geocodes match a site's administrative code exactly.
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
        return !string.IsNullOrEmpty(code) && Geocodes.Any(g => string.Equals(g.Value, code, StringComparison.Ordinal))
            ? AreaMatch.Geocode
            : AreaMatch.None;
    }
}

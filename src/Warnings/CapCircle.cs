using HeatRelief.Sites;

namespace HeatRelief.Warnings;

/// <summary>A CAP <c>circle</c>: centre (WGS84) and radius in kilometres, measured along the great circle.</summary>
public sealed record CapCircle(double Latitude, double Longitude, double RadiusKm)
{
    public bool Contains(double latitude, double longitude) =>
        GreatCircle.DistanceKm(Latitude, Longitude, latitude, longitude) <= RadiusKm;
}

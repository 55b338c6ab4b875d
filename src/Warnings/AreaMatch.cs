namespace HeatRelief.Warnings;

/// <summary>How a warning's area covers a site: the first of polygon, circle and geocode that does.</summary>
public enum AreaMatch
{
    None,
    Polygon,
    Circle,
    Geocode,
}

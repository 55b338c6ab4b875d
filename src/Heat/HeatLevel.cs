namespace HeatRelief.Heat;

/// <summary>Alert level for a site and day, ordered so a higher value is more severe.</summary>
public enum HeatLevel
{
    None = 0,
    Yellow = 1,
    Orange = 2,
    Red = 3,
}


namespace HeatRelief.Heat;

/// <summary>Alert level for a site and day, ordered so a higher value is more severe.</summary>
public enum HeatLevel
{
    None = 0,
    Yellow = 1,
    Orange = 2,
    Red = 3,
}

/// <summary>OSHA-NIOSH Heat Safety Tool risk band of the daily maximum heat index.</summary>
public enum HeatIndexBand
{
    Lower = 0,
    Moderate = 1,
    High = 2,
    Extreme = 3,
}

/// <summary>Lower-case wire names shared by JSON output, table columns and messages.</summary>
public static class HeatNames
{
    public static string ToWire(this HeatLevel level) => level switch
    {
        HeatLevel.Yellow => "yellow",
        HeatLevel.Orange => "orange",
        HeatLevel.Red => "red",
        _ => "none",
    };

    public static string ToWire(this HeatIndexBand band) => band switch
    {
        HeatIndexBand.Moderate => "moderate",
        HeatIndexBand.High => "high",
        HeatIndexBand.Extreme => "extreme",
        _ => "lower",
    };

    public static HeatLevel ParseLevel(string? value) => value switch
    {
        "yellow" => HeatLevel.Yellow,
        "orange" => HeatLevel.Orange,
        "red" => HeatLevel.Red,
        "none" or null or "" => HeatLevel.None,
        _ => throw new FormatException($"Unknown heat level '{value}'."),
    };
}

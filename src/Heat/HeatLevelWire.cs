namespace HeatRelief.Heat;

/// <summary>The one stored and JSON form of <see cref="HeatLevel"/> (lower case), used by every table and message.</summary>
public static class HeatLevelWire
{
    public static string ToWire(this HeatLevel level) => level switch
    {
        HeatLevel.Yellow => "yellow",
        HeatLevel.Orange => "orange",
        HeatLevel.Red => "red",
        _ => "none",
    };

    /// <summary>Reads a stored level in any case; empty means none. An unknown value is refused, as it always was.</summary>
    public static HeatLevel FromWire(string? value) => value?.ToLowerInvariant() switch
    {
        "yellow" => HeatLevel.Yellow,
        "orange" => HeatLevel.Orange,
        "red" => HeatLevel.Red,
        "none" or null or "" => HeatLevel.None,
        _ => throw new FormatException($"Unknown heat level '{value}'."),
    };
}

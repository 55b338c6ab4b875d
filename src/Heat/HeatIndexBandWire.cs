namespace HeatRelief.Heat;

/// <summary>The one stored and JSON form of <see cref="HeatIndexBand"/> (lower case), used by every table.</summary>
public static class HeatIndexBandWire
{
    public static string ToWire(this HeatIndexBand band) => band switch
    {
        HeatIndexBand.Moderate => "moderate",
        HeatIndexBand.High => "high",
        HeatIndexBand.Extreme => "extreme",
        _ => "lower",
    };

    /// <summary>Reads a stored band in any case; a missing or unknown value reads as <see cref="HeatIndexBand.Lower"/>, as it always has.</summary>
    public static HeatIndexBand FromWire(string? value) =>
        Enum.TryParse<HeatIndexBand>(value, ignoreCase: true, out var band) ? band : HeatIndexBand.Lower;
}

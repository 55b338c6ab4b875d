namespace HeatRelief.Heat;

/// <summary>
/// The old name of <see cref="HeatLevelWire.FromWire"/>, kept only while src/Visits (reworked in parallel) still
/// calls it; new code uses <see cref="HeatLevelWire"/>.
/// </summary>
public static class HeatNames
{
    public static HeatLevel ParseLevel(string? value) => HeatLevelWire.FromWire(value);
}

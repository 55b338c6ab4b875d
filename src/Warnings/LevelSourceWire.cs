namespace HeatRelief.Warnings;

/// <summary>The wire form of <see cref="LevelSource"/>: <c>forecast</c> or <c>warning</c>.</summary>
public static class LevelSourceWire
{
    public static string ToWire(this LevelSource source) => source switch
    {
        LevelSource.Forecast => "forecast",
        LevelSource.Warning => "warning",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}

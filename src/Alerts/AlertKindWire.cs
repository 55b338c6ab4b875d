namespace HeatRelief.Alerts;

/// <summary>The one stored form of <see cref="AlertKind"/>: the member name (<c>Raised</c>), as written since the first release.</summary>
public static class AlertKindWire
{
    public static string ToWire(this AlertKind kind) => kind.ToString();

    /// <summary>Reads a stored kind in any case; a missing or unknown value reads as <see cref="AlertKind.Raised"/>, as it always has.</summary>
    public static AlertKind FromWire(string? value) =>
        Enum.TryParse<AlertKind>(value, ignoreCase: true, out var kind) ? kind : AlertKind.Raised;
}

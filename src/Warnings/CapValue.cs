namespace HeatRelief.Warnings;

/// <summary>A CAP <c>valueName</c>/<c>value</c> pair, as in <c>eventCode</c> and <c>geocode</c>.</summary>
public sealed record CapValue(string ValueName, string Value);

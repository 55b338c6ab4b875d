namespace HeatRelief.Warnings;

/// <summary>CAP 1.2 <c>severity</c>; on the Chinese colour scale Extreme is red, Severe orange, Moderate yellow, Minor blue.</summary>
public enum CapSeverity
{
    Unknown,
    Minor,
    Moderate,
    Severe,
    Extreme,
}

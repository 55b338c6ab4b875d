using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>An official heat warning in force at a site on a day: the message, the info block that covers the site, and how.</summary>
public sealed record WarningInForce(CapDocument Document, CapInfo Info, HeatWarningLevel Classification, AreaMatch Match)
{
    public HeatLevel Level => Classification.Level;
}

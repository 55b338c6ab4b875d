using HeatRelief.Heat;

namespace HeatRelief.Alerts;

/// <summary>What a site and day was last alerted at; kept with its latest evaluation.</summary>
public sealed record AlertState(HeatLevel AlertedLevel, string? LastAlertId, int ClearCount)
{
    public static readonly AlertState Initial = new(HeatLevel.None, null, 0);
}

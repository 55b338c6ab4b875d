namespace HeatRelief.Visits;

/// <summary>What a one-tap link lets its officer do.</summary>
public enum LinkAction
{
    Accept,
    Decline,
    Complete,
}

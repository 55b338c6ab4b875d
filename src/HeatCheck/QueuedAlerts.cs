namespace HeatRelief.HeatCheck;

/// <summary>How many alerts one heat-check day put on the alerts queue, by kind.</summary>
public readonly record struct QueuedAlerts(int Raised, int Escalated, int Cleared)
{
    public int Total => Raised + Escalated + Cleared;

    public static QueuedAlerts operator +(QueuedAlerts a, QueuedAlerts b) =>
        new(a.Raised + b.Raised, a.Escalated + b.Escalated, a.Cleared + b.Cleared);
}

namespace HeatRelief.Triggers;

/// <summary>What starts a function: a schedule, a queue message or an HTTP request.</summary>
public enum TriggerKind
{
    Timer,
    Queue,
    Http,
}

namespace HeatRelief.Triggers;

/// <summary>The queues both hosts listen on. Trigger attributes use these constants, so they carry no prefix.</summary>
public static class QueueNames
{
    public const string Alerts = "alerts";
    public const string Deliveries = "deliveries";
    public const string VisitRequests = "visit-requests";

    /// <summary>The queue the host moves a message to after its last failed attempt.</summary>
    public static string Poison(string queue) => queue + "-poison";

    public static readonly IReadOnlyList<string> All = [Alerts, Deliveries, VisitRequests];
}

using System.Diagnostics.Metrics;

namespace HeatRelief.Pipeline;

/// <summary>Counters of the pipeline's work, published on the "HeatRelief.Pipeline" meter.</summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "HeatRelief.Pipeline";

    private readonly Meter _meter;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        SitesChecked = _meter.CreateCounter<long>("heatrelief.sites.checked", description: "Sites whose forecast was graded");
        LevelsRaised = _meter.CreateCounter<long>("heatrelief.alerts.raised", description: "Alerts raised, escalated or cleared");
        NotificationsQueued = _meter.CreateCounter<long>("heatrelief.notifications.queued", description: "Recipients put on the delivery queue");
        NotificationsDelivered = _meter.CreateCounter<long>("heatrelief.notifications.delivered", description: "Notifications sent and recorded");
        NotificationsDeferred = _meter.CreateCounter<long>("heatrelief.notifications.deferred", description: "Notifications held until quiet hours end");
        NotificationsFailed = _meter.CreateCounter<long>("heatrelief.notifications.failed", description: "Notifications that failed permanently");
        MessagesPoisoned = _meter.CreateCounter<long>("heatrelief.messages.poisoned", description: "Messages moved to a poison queue");
        VisitsRequested = _meter.CreateCounter<long>("heatrelief.visits.requested", description: "Visit requests put on the queue");
        VisitsAssigned = _meter.CreateCounter<long>("heatrelief.visits.assigned", description: "Visits offered to an officer (first offer or reassignment)");
        VisitsUnassigned = _meter.CreateCounter<long>("heatrelief.visits.unassigned", description: "Visits no officer could take; admins told");
        VisitsEscalated = _meter.CreateCounter<long>("heatrelief.visits.escalated", description: "Visits declined or left unanswered too often; admins must act");
        VisitsExpired = _meter.CreateCounter<long>("heatrelief.visits.expired", description: "Offers not accepted in time");
    }

    /// <summary>This instance's meter: listeners compare against it to count one host, not the process.</summary>
    public Meter Meter => _meter;

    public Counter<long> SitesChecked { get; }

    public Counter<long> LevelsRaised { get; }

    public Counter<long> NotificationsQueued { get; }

    public Counter<long> NotificationsDelivered { get; }

    public Counter<long> NotificationsDeferred { get; }

    public Counter<long> NotificationsFailed { get; }

    public Counter<long> MessagesPoisoned { get; }

    public Counter<long> VisitsRequested { get; }

    public Counter<long> VisitsAssigned { get; }

    public Counter<long> VisitsUnassigned { get; }

    public Counter<long> VisitsEscalated { get; }

    public Counter<long> VisitsExpired { get; }

    public void Dispose() => _meter.Dispose();
}

using System.Diagnostics.Metrics;
using HeatRelief.Messaging;

namespace HeatRelief.FanOut;

/// <summary>Counters of the fan-out: recipients handed to delivery and visits requested.</summary>
public sealed class FanOutMetrics(PipelineMeter meter)
{
    public Counter<long> NotificationsQueued { get; } = meter.Meter.CreateCounter<long>("heatrelief.notifications.queued", description: "Recipients handed to delivery, in-line or on the delivery queue");

    public Counter<long> VisitsRequested { get; } = meter.Meter.CreateCounter<long>("heatrelief.visits.requested", description: "Visit requests put on the queue");
}

using System.Diagnostics.Metrics;
using HeatRelief.Messaging;

namespace HeatRelief.Delivery;

/// <summary>Counters of delivery: notifications sent, held for quiet hours, or failed for good.</summary>
public sealed class DeliveryMetrics(PipelineMeter meter)
{
    public Counter<long> NotificationsDelivered { get; } = meter.Meter.CreateCounter<long>("heatrelief.notifications.delivered", description: "Notifications sent and recorded");

    public Counter<long> NotificationsDeferred { get; } = meter.Meter.CreateCounter<long>("heatrelief.notifications.deferred", description: "Notifications held until quiet hours end");

    public Counter<long> NotificationsFailed { get; } = meter.Meter.CreateCounter<long>("heatrelief.notifications.failed", description: "Notifications that failed permanently");
}

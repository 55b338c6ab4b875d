using System.Diagnostics.Metrics;
using HeatRelief.Messaging;

namespace HeatRelief.Visits;

/// <summary>Counters of visits: requested, offered, not taken, escalated to admins, or expired unanswered.</summary>
public sealed class VisitMetrics(PipelineMeter meter)
{
    public Counter<long> VisitsRequested { get; } = meter.Meter.CreateCounter<long>("heatrelief.visits.requested", description: "Visits the heat check asked for (one per raised or escalated alert of an active site)");

    public Counter<long> VisitsAssigned { get; } = meter.Meter.CreateCounter<long>("heatrelief.visits.assigned", description: "Visits offered to an officer (first offer or reassignment)");

    public Counter<long> VisitsUnassigned { get; } = meter.Meter.CreateCounter<long>("heatrelief.visits.unassigned", description: "Visits no officer could take; admins told");

    public Counter<long> VisitsEscalated { get; } = meter.Meter.CreateCounter<long>("heatrelief.visits.escalated", description: "Visits declined or left unanswered too often; admins must act");

    public Counter<long> VisitsExpired { get; } = meter.Meter.CreateCounter<long>("heatrelief.visits.expired", description: "Offers not accepted in time");
}

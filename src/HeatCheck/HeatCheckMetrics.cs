using System.Diagnostics.Metrics;
using HeatRelief.Messaging;

namespace HeatRelief.HeatCheck;

/// <summary>Counters of the heat check: sites graded and alerts raised, escalated or cleared.</summary>
public sealed class HeatCheckMetrics(PipelineMeter meter)
{
    public Counter<long> SitesChecked { get; } = meter.Meter.CreateCounter<long>("heatrelief.sites.checked", description: "Sites whose forecast was graded");

    public Counter<long> LevelsRaised { get; } = meter.Meter.CreateCounter<long>("heatrelief.alerts.raised", description: "Alerts raised, escalated or cleared");
}

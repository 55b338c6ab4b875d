using System.Diagnostics.Metrics;

namespace HeatRelief.Messaging;

/// <summary>Counters of the messaging plumbing itself: messages moved to a poison queue.</summary>
public sealed class MessagingMetrics(PipelineMeter meter)
{
    public Counter<long> MessagesPoisoned { get; } = meter.Meter.CreateCounter<long>("heatrelief.messages.poisoned", description: "Messages moved to a poison queue");
}

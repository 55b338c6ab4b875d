using System.Diagnostics.Metrics;

namespace HeatRelief.Messaging;

/// <summary>
/// The "HeatRelief.Pipeline" meter every slice's counters are published on. One per host: the meter factory hands
/// each slice's metrics class this same instance, so a listener that compares against <see cref="Meter"/> counts
/// one host, not the process.
/// </summary>
public sealed class PipelineMeter(IMeterFactory meterFactory)
{
    public const string MeterName = "HeatRelief.Pipeline";

    /// <summary>This host's meter: listeners compare against it to count one host, not the process.</summary>
    public Meter Meter { get; } = meterFactory.Create(MeterName);
}

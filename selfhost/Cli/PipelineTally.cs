using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using HeatRelief.Messaging;

namespace HeatRelief.SelfHost.Cli;

/// <summary>Adds up one host's pipeline counters, for the human summary the self-host prints.</summary>
public sealed class PipelineTally : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public PipelineTally(PipelineMeter metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value);
            foreach (var tag in tags)
            {
                if (tag.Key == "level")
                {
                    _totals.AddOrUpdate($"{instrument.Name}/{tag.Value}", value, (_, v) => v + value);
                }
            }
        });
        _listener.Start();
    }

    public long this[string name] => _totals.GetValueOrDefault(name);

    /// <summary>One line: sites checked, levels raised by level, notifications queued, delivered, deferred, failed.</summary>
    public string Line()
    {
        var raised = new StringBuilder();
        foreach (var level in new[] { "red", "orange", "yellow", "clear" })
        {
            var n = this[$"heatrelief.alerts.raised/{level}"];
            if (n > 0)
            {
                raised.Append(raised.Length == 0 ? " (" : ", ").Append(level).Append(' ').Append(n);
            }
        }

        if (raised.Length > 0)
        {
            raised.Append(')');
        }

        var line = $"sites checked {this["heatrelief.sites.checked"]} | levels raised {this["heatrelief.alerts.raised"]}{raised} | notifications queued {this["heatrelief.notifications.queued"]}, delivered {this["heatrelief.notifications.delivered"]}, deferred {this["heatrelief.notifications.deferred"]}, failed {this["heatrelief.notifications.failed"]} | visits requested {this["heatrelief.visits.requested"]}, assigned {this["heatrelief.visits.assigned"]}, unassigned {this["heatrelief.visits.unassigned"]}, escalated {this["heatrelief.visits.escalated"]}";
        var poisoned = this["heatrelief.messages.poisoned"];
        return poisoned > 0 ? $"{line} | poisoned {poisoned}" : line;
    }

    public void Dispose() => _listener.Dispose();
}

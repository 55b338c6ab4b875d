using HeatRelief.Alerts;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Triggers;

namespace HeatRelief.Visits;

/// <summary>
/// What the heat check asks of visits for one day's alerts: it records their visits (<see cref="VisitRecorder.RecordDayAsync"/>)
/// and then sends one "assign day" message, whose handler offers the day's waiting visits in one pass.
/// </summary>
public sealed class VisitRequests(VisitRecorder recorder, QueueSender sender, VisitMetrics metrics)
{
    /// <summary>Records the visits of <paramref name="asked"/> (alerts of one heat day with their sites) and asks for the day's pass.</summary>
    public async Task RequestDayAsync(string dateKey, IReadOnlyList<(Alert Alert, Site Site)> asked, CancellationToken ct)
    {
        var requested = await recorder.RecordDayAsync(asked, ct);
        if (requested == 0)
        {
            return;
        }

        await sender.SendAsync(QueueNames.VisitRequests, VisitRequestMessage.ForDay(dateKey), ct: ct);
        metrics.VisitsRequested.Add(requested);
    }
}

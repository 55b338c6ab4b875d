using HeatRelief.Alerts;
using HeatRelief.Messaging;

namespace HeatRelief.FanOut;

/// <summary>
/// Alerts raised, escalated or cleared: fan them out to their sites' recipients. The first shape names one alert
/// (<see cref="AlertId"/>, with <see cref="Alert"/>, the heat check's copy, so the fan-out need not read it back; messages
/// queued before copies existed, and the ones whose copy would be too big, have none and the fan-out reads the alert).
/// A work message (issue 13 step 4) names several alerts of one day in <see cref="Alerts"/>, in order, each with or
/// without its copy; its <see cref="AlertId"/> is the first of them, and it has no top-level copy.
/// </summary>
public sealed record AlertMessage(int SchemaVersion, string AlertId, string Date, AlertSnapshot? Alert = null, IReadOnlyList<AlertWork>? Alerts = null) : IQueueMessage
{
    public const int CurrentVersion = 1;

    /// <summary>
    /// The version of a work message (several alerts in <see cref="Alerts"/>). A handler of the version before work
    /// messages knows only <see cref="CurrentVersion"/>: it would tell the first alert and drop the rest, so it must
    /// refuse the message instead (to the poison queue and the audit log, where an admin sees it), not half-handle it.
    /// </summary>
    public const int WorkVersion = 2;

    /// <summary>The most alerts the heat check puts in one work message (about 1,000 recipients at ordinary sites).</summary>
    public const int MaxAlertsPerMessage = 10;

    /// <summary>The most alerts a work message may name (what the handler accepts; more than the heat check sends).</summary>
    public const int MaxAlertsAccepted = 100;

    /// <summary>The message for a newly created alert: with its copy when that fits.</summary>
    public static AlertMessage For(Alert alert) => Of(alert.DateKey, [new AlertWork(alert.Id, AlertSnapshot.Of(alert))]);

    /// <summary>
    /// A message for <paramref name="work"/> (alerts of day <paramref name="date"/>, at least one): one alert goes in the
    /// first shape, several in <see cref="Alerts"/>. A copy that would take the message past
    /// <see cref="MessageRules.MaxSnapshotBodyBytes"/> is left out.
    /// </summary>
    public static AlertMessage Of(string date, IReadOnlyList<AlertWork> work)
    {
        ArgumentOutOfRangeException.ThrowIfZero(work.Count);
        if (work.Count == 1)
        {
            var single = new AlertMessage(CurrentVersion, work[0].AlertId, date, work[0].Alert);
            return single.Alert is null || MessageRules.FitsWithSnapshot(single) ? single : single with { Alert = null };
        }

        var message = new AlertMessage(WorkVersion, work[0].AlertId, date, Alerts: work);
        return MessageRules.FitsWithSnapshot(message) ? message : message with { Alerts = [.. work.Select(w => w with { Alert = null })] };
    }

    /// <summary>
    /// Groups one day's alerts into work messages of at most <see cref="MaxAlertsPerMessage"/>, each within
    /// <see cref="MessageRules.MaxSnapshotBodyBytes"/> with the copies it carries: a message that a further alert's copy
    /// would take past it is closed, and an alert whose copy does not fit even alone goes without it.
    /// </summary>
    public static IReadOnlyList<AlertMessage> Group(string date, IEnumerable<AlertWork> work)
    {
        var messages = new List<AlertMessage>();
        var current = new List<AlertWork>();
        foreach (var item in work)
        {
            if (current.Count > 0 && (current.Count == MaxAlertsPerMessage || !MessageRules.FitsWithSnapshot(new AlertMessage(WorkVersion, current[0].AlertId, date, Alerts: [.. current, item]))))
            {
                messages.Add(Of(date, current));
                current = [];
            }

            current.Add(item);
        }

        if (current.Count > 0)
        {
            messages.Add(Of(date, current));
        }

        return messages;
    }

    /// <summary>The alerts to fan out, in order: the work message's, or the one alert of the first shape.</summary>
    public IReadOnlyList<AlertWork> Work() => Alerts ?? [new AlertWork(AlertId, Alert)];

    public string? Problem() => MessageRules.Version(SchemaVersion, Alerts is null ? CurrentVersion : WorkVersion) ?? MessageRules.Key(AlertId, "alertId") ?? MessageRules.Date(Date)
        ?? (Alert is null ? null : MessageRules.Key(Alert.SiteId, "alert.siteId") ?? Alert.Problem())
        ?? (Alerts is null ? null : WorkProblem(Alerts));

    private string? WorkProblem(IReadOnlyList<AlertWork> work) =>
        work.Count is 0 or > MaxAlertsAccepted ? $"alerts must name 1 to {MaxAlertsAccepted} alerts"
        : Alert is not null ? "alert: a work message carries its copies in alerts"
        : work.Any(w => w is null) ? "alerts: an entry is empty"
        : work.Select((w, i) => MessageRules.Key(w.AlertId, $"alerts[{i}].alertId")
            ?? (w.Alert is null ? null : MessageRules.Key(w.Alert.SiteId, $"alerts[{i}].alert.siteId") ?? w.Alert.Problem())).FirstOrDefault(p => p is not null)
        ?? (!string.Equals(work[0].AlertId, AlertId, StringComparison.Ordinal) ? "alertId must name the first of alerts"
        : work.Select(w => w.AlertId).Distinct(StringComparer.Ordinal).Count() != work.Count ? "alerts: an alert is named twice"
        : null);
}

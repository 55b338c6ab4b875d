using HeatRelief.Alerts;
using HeatRelief.Messaging;

namespace HeatRelief.FanOut;

/// <summary>
/// Alert raised, escalated or cleared: fan it out to the site's recipients. <see cref="Alert"/> is the heat check's copy
/// of the alert, so the fan-out need not read it back; messages queued before it existed (and the ones whose copy
/// would be too big) have none, and the fan-out reads the alert as it always did.
/// </summary>
public sealed record AlertMessage(int SchemaVersion, string AlertId, string Date, AlertSnapshot? Alert = null) : IQueueMessage
{
    public const int CurrentVersion = 1;

    /// <summary>The message for a newly created alert: with its copy when that fits.</summary>
    public static AlertMessage For(Alert alert)
    {
        var message = new AlertMessage(CurrentVersion, alert.Id, alert.DateKey, AlertSnapshot.Of(alert));
        return MessageRules.FitsWithSnapshot(message) ? message : message with { Alert = null };
    }

    public string? Problem() => MessageRules.Version(SchemaVersion, CurrentVersion) ?? MessageRules.Key(AlertId, "alertId") ?? MessageRules.Date(Date)
        ?? (Alert is null ? null : MessageRules.Key(Alert.SiteId, "alert.siteId") ?? Alert.Problem());
}

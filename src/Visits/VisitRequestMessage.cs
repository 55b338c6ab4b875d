using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using HeatRelief.Messaging;

namespace HeatRelief.Visits;

/// <summary>
/// Asks for a heat day's waiting visits to be offered: the heat check records the day's visits itself and sends
/// one such message per day (<see cref="ForDay"/>, a date and no alert). A message with an alert and its site (as
/// the fan-out sent one per alert before) first records that alert's visit, then offers the day's.
/// </summary>
public sealed record VisitRequestMessage(int SchemaVersion, string? AlertId, string Date, string? SiteId) : IQueueMessage
{
    public const int CurrentVersion = 1;

    /// <summary>An "assign day" message: offer the day's waiting visits.</summary>
    public static VisitRequestMessage ForDay(string dateKey) => new(CurrentVersion, null, dateKey, null);

    /// <summary>Whether the message names an alert whose visit is to be recorded first.</summary>
    [JsonIgnore]
    public bool RecordsAlert => AlertId is not null || SiteId is not null;

    public string? Problem() =>
        MessageRules.Version(SchemaVersion, CurrentVersion)
        ?? (RecordsAlert ? MessageRules.Key(AlertId, "alertId") : null)
        ?? MessageRules.Date(Date)
        ?? (RecordsAlert ? MessageRules.Key(SiteId, "siteId") : null);
}

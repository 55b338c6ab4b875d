using System.Text.Json;
using System.Text.RegularExpressions;
using HeatRelief.Messaging;

namespace HeatRelief.Visits;

/// <summary>A site whose heat level rose needs an officer's cooling-relief visit.</summary>
public sealed record VisitRequestMessage(int SchemaVersion, string AlertId, string Date, string SiteId) : IQueueMessage
{
    public const int CurrentVersion = 1;

    public string? Problem() =>
        MessageRules.Version(SchemaVersion, CurrentVersion) ?? MessageRules.Key(AlertId, "alertId") ?? MessageRules.Date(Date) ?? MessageRules.Key(SiteId, "siteId");
}

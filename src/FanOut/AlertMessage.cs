using HeatRelief.Messaging;

namespace HeatRelief.FanOut;

/// <summary>Alert raised, escalated or cleared: fan it out to the site's recipients.</summary>
public sealed record AlertMessage(int SchemaVersion, string AlertId, string Date) : IQueueMessage
{
    public const int CurrentVersion = 1;

    public string? Problem() => MessageRules.Version(SchemaVersion, CurrentVersion) ?? MessageRules.Key(AlertId, "alertId") ?? MessageRules.Date(Date);
}

using HeatRelief.Messaging;

namespace HeatRelief.Delivery;

/// <summary>A chunk of one site's recipients to notify of one alert.</summary>
public sealed record DeliveryChunkMessage(int SchemaVersion, string AlertId, string Date, string SiteId, IReadOnlyList<string> RecipientIds, bool Deferred = false) : IQueueMessage
{
    public const int CurrentVersion = 1;

    public string? Problem() =>
        MessageRules.Version(SchemaVersion, CurrentVersion) ?? MessageRules.Key(AlertId, "alertId") ?? MessageRules.Date(Date)
        ?? MessageRules.Key(SiteId, "siteId")
        ?? (RecipientIds is null || RecipientIds.Count is 0 or > 100 ? "recipientIds must hold 1 to 100 ids" : null)
        ?? RecipientIds!.Select(id => MessageRules.Key(id, "recipientIds[]")).FirstOrDefault(p => p is not null);
}

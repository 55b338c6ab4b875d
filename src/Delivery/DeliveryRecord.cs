using Azure;

namespace HeatRelief.Delivery;

/// <summary>One row of the Deliveries table (partition: alert id, row: recipient id).</summary>
public sealed record DeliveryRecord(string AlertId, string RecipientId, DeliveryStatus Status, string Channel, int Attempts, DateTimeOffset? DeferredUntil, string? Reason, ETag ETag)
{
    /// <summary>The alert's site (the row's SiteId column).</summary>
    public string? SiteId { get; init; }

    /// <summary>The alert's level as stored (<c>red</c>, <c>orange</c>, <c>yellow</c>, <c>none</c> for an all-clear).</summary>
    public string? Level { get; init; }

    /// <summary>When the row was first written (the first claim).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the send ended (delivered or failed for good); null while sending, deferred or skipped.</summary>
    public DateTimeOffset? SettledAt { get; init; }

    /// <summary>The moment a person reads as "when": settled, else last claimed, else first written.</summary>
    public DateTimeOffset? At { get; init; }
}

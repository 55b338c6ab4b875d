using Azure;

namespace HeatRelief.Delivery;

/// <summary>One row of the Deliveries table (partition: alert id, row: recipient id).</summary>
public sealed record DeliveryRecord(string AlertId, string RecipientId, DeliveryStatus Status, string Channel, int Attempts, DateTimeOffset? DeferredUntil, string? Reason, ETag ETag);

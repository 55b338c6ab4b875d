namespace HeatRelief.Delivery;

/// <summary>
/// A handler's claim on one recipient of an alert: a new record in <see cref="Status"/>, or, with
/// <see cref="Existing"/>, taking over that record to send again (checked against its ETag).
/// </summary>
public sealed record DeliveryClaim(string RecipientId, string Channel, DeliveryStatus Status, DateTimeOffset? DeferredUntil = null, string? Reason = null, DeliveryRecord? Existing = null);

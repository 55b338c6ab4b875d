namespace HeatRelief.Delivery;

/// <summary>
/// A recipient's Deliveries row as the in-line delivery writes it, once, after the send: how it ended (or that it
/// was held, or is to be retried), on which attempt, and when.
/// </summary>
public sealed record DeliveryFact(string RecipientId, string Channel, DeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt = null, DateTimeOffset? DeferredUntil = null, string? Reason = null);

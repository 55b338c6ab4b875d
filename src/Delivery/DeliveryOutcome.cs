namespace HeatRelief.Delivery;

/// <summary>How one claimed send ended: delivered, or failed for good with the channel's reason.</summary>
public sealed record DeliveryOutcome(string RecipientId, bool Delivered, string? Reason, DateTimeOffset SettledAt);

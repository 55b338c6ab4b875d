using HeatRelief.Sites;

namespace HeatRelief.Delivery;

/// <summary>One recipient and every alert they were sent (or held from), newest first.</summary>
public sealed record RecipientHistory(Recipient Recipient, IReadOnlyList<DeliveryRecord> Deliveries);

using HeatRelief.Sites;

namespace HeatRelief.Delivery;

/// <summary>One recipient of an alert with where their notification stands; <see cref="Recipient"/> is null when the record outlived them.</summary>
public sealed record AlertRecipient(DeliveryRecord Delivery, Recipient? Recipient);

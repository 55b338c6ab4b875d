namespace HeatRelief.Visits;

/// <summary>A line added to an officer's offer, and the webhook data entry that carries it.</summary>
public sealed record OfferAddition(string Text, string DataKey, object? DataValue);

namespace HeatRelief.Delivery;

/// <summary>A line added to an alert's body in the recipient's language, and its entry in the webhook data.</summary>
public sealed record AlertAddition(string Text, string DataKey, object? DataValue);

namespace HeatRelief.Notifications;

/// <summary>The end of one send: delivered, or failed for good with a reason.</summary>
public sealed record SendOutcome(bool Delivered, string? Reason)
{
    public static readonly SendOutcome Sent = new(true, null);

    public static SendOutcome Permanent(string reason) => new(false, reason);
}

namespace HeatRelief.Delivery;

/// <summary>Where a recipient's notification of an alert stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Claimed by a handler and being sent (or its sender died: the retry sends again, same key).</summary>
    Sending,

    /// <summary>Held until the recipient's quiet hours end; a delayed message will send it.</summary>
    Deferred,

    /// <summary>Sent and acknowledged by the channel.</summary>
    Delivered,

    /// <summary>Failed for good (bad address, refused); the reason is kept.</summary>
    Failed,

    /// <summary>
    /// Not sent on purpose: the recipient's quiet hours last past the end of the alert's heat day, so the
    /// notice would arrive the next morning about a day that is over. The reason is kept.
    /// </summary>
    Skipped,
}

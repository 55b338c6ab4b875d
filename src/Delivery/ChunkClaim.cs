using Azure;

namespace HeatRelief.Delivery;

/// <summary>
/// One row of the DeliveryChunks table: a handler's claim on one chunk of an alert's recipients (partition: the alert
/// id; row: the chunk's index), held by <see cref="Owner"/> (the queue message handling it) until <see cref="LeaseUntil"/>.
/// <see cref="FirstRecipientId"/> to <see cref="LastRecipientId"/> name the chunk's recipients as it was claimed.
/// </summary>
public sealed record ChunkClaim(string AlertId, string SiteId, int Index, string Owner, DateTimeOffset LeaseUntil, int Attempts, string FirstRecipientId, string LastRecipientId, int Recipients)
{
    /// <summary>The stored row's ETag; empty for a claim not yet written.</summary>
    public ETag ETag { get; init; }

    /// <summary>The row key of chunk <paramref name="index"/>: zero-padded, so rows list in chunk order.</summary>
    public static string KeyOf(int index) => index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A first claim on a chunk.</summary>
    public static ChunkClaim New(string alertId, string siteId, int index, string owner, DateTimeOffset leaseUntil, IReadOnlyList<string> recipientIds) =>
        new(alertId, siteId, index, owner, leaseUntil, 1, recipientIds[0], recipientIds[^1], recipientIds.Count);

    /// <summary>Held by another message whose lease has not run out: that handler may be sending now.</summary>
    public bool IsHeldByAnother(string owner, DateTimeOffset now) => !string.Equals(Owner, owner, StringComparison.Ordinal) && LeaseUntil > now;

    /// <summary>This claim taken over (one more attempt) as <paramref name="now"/> claims the chunk; written against this row's ETag.</summary>
    public ChunkClaim TakeOver(ChunkClaim now) => now with { Attempts = Attempts + 1, ETag = ETag };
}

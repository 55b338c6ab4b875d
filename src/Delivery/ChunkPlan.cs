using HeatRelief.Sites;

namespace HeatRelief.Delivery;

/// <summary>What a chunk does given the records found: the claims to write, and whom they send, defer, skip or fail.</summary>
public sealed record ChunkPlan(List<DeliveryClaim> Claims, List<Recipient> ToSend, List<(Recipient Recipient, DateTimeOffset Until)> Deferred, List<string> Vanished, List<Recipient> Skipped)
{
    /// <summary>The recipient ids whose claims this handler won; only those it sends, defers, skips or fails.</summary>
    public IReadOnlySet<string> Won { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}

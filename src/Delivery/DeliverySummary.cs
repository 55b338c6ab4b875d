using HeatRelief.Notifications;
using HeatRelief.Sites;

namespace HeatRelief.Delivery;

/// <summary>
/// What one message's delivery did, for its one audit row: counts of delivered, failed, deferred and skipped
/// recipients, the sends to retry, and the first <see cref="MaxFailuresListed"/> failed recipients with their reasons.
/// </summary>
public sealed class DeliverySummary
{
    /// <summary>The most failed recipients one audit row names (the rest are counted); the Deliveries rows hold them all.</summary>
    public const int MaxFailuresListed = 20;

    private const int MaxReasonLength = 200;

    private readonly List<(string RecipientId, string Reason)> _failures = [];

    public int Delivered { get; private set; }

    public int Failed { get; private set; }

    public int Deferred { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Sends that failed transiently: no final record, so the message's retry sends them.</summary>
    public int Retrying { get; private set; }

    /// <summary>When the last deferred recipient's quiet hours end (UTC), if any was deferred.</summary>
    public DateTimeOffset? DeferredUntil { get; private set; }

    /// <summary>The failed recipients with the smallest ids (ordinal), with their reasons, in id order.</summary>
    public IReadOnlyList<(string RecipientId, string Reason)> Failures => _failures;

    /// <summary>
    /// Set when another live handler holds the alert's chunks: nothing was done, and the message is to come back
    /// after this time (when the claims' lease ends).
    /// </summary>
    public DateTimeOffset? HeldUntil { get; private set; }

    /// <summary>
    /// Chunks this message did not start because its send deadline passed (their claims released): the alert goes on
    /// in a continuation message, which sends them and any send of this one left to retry.
    /// </summary>
    public int ContinuedChunks { get; private set; }

    /// <summary>Notes that the delivery stopped at its deadline with <paramref name="chunks"/> chunks not started.</summary>
    public void Continue(int chunks) => ContinuedChunks = chunks;

    /// <summary>Nothing was done: no recipient delivered, failed, deferred, skipped or left to retry.</summary>
    public bool IsEmpty => Delivered + Failed + Deferred + Skipped + Retrying == 0;

    /// <summary>Counts one send that ended.</summary>
    public void AddOutcome(Recipient recipient, SendOutcome outcome)
    {
        if (outcome.Delivered)
        {
            Delivered++;
        }
        else
        {
            AddFailure(recipient.Id, outcome.Reason ?? "failed");
        }
    }

    /// <summary>Counts a recipient that failed without a send (unknown, vanished) or whose send failed for good.</summary>
    public void AddFailure(string recipientId, string reason)
    {
        Failed++;

        // The smallest ids are kept, so the row reads the same whatever order parallel sends ended in. A channel's
        // reason may quote a long answer; the Deliveries row keeps it whole.
        var at = _failures.FindIndex(f => string.CompareOrdinal(f.RecipientId, recipientId) > 0);
        _failures.Insert(at < 0 ? _failures.Count : at, (recipientId, reason.Length > MaxReasonLength ? reason[..MaxReasonLength] + "..." : reason));
        if (_failures.Count > MaxFailuresListed)
        {
            _failures.RemoveAt(_failures.Count - 1);
        }
    }

    /// <summary>Counts a recipient held for quiet hours until <paramref name="until"/>.</summary>
    public void AddDeferred(DateTimeOffset until)
    {
        Deferred++;
        DeferredUntil = DeferredUntil is { } latest && latest > until ? latest : until;
    }

    /// <summary>Counts a recipient not sent on purpose (quiet hours past the heat day).</summary>
    public void AddSkipped() => Skipped++;

    /// <summary>How long a message sent back waits: until the lease ends, and a few seconds more.</summary>
    public TimeSpan SendBackAfter { get; private set; }

    /// <summary>Notes that another handler holds the chunks until <paramref name="until"/> (it is <paramref name="now"/>).</summary>
    public void Held(DateTimeOffset until, DateTimeOffset now)
    {
        HeldUntil = until;
        var wait = until - now + TimeSpan.FromSeconds(5);
        SendBackAfter = wait < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait;
    }

    /// <summary>Counts sends that failed transiently.</summary>
    public void AddRetrying(int count) => Retrying += count;
}

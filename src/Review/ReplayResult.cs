namespace HeatRelief.Review;

/// <summary>What became of a replay request.</summary>
public enum ReplayResult
{
    /// <summary>Sent back to its source queue and removed from the poison queue.</summary>
    Replayed,

    /// <summary>No message with that id on the poison queue (never there, already replayed, or expired).</summary>
    NotFound,
}

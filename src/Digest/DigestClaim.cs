namespace HeatRelief.Digest;

/// <summary>How claiming a recipient's digest of a day ended.</summary>
public enum DigestClaim
{
    /// <summary>This run holds the claim and sends.</summary>
    Won,

    /// <summary>Already sent (or refused for good) today: nothing to do.</summary>
    Settled,

    /// <summary>Another run or host holds a live claim: it sends, or its claim lapses and a later run does.</summary>
    Held,
}

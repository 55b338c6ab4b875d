namespace HeatRelief.Visits;

/// <summary>Why a one-tap link cannot be used.</summary>
public enum LinkRefusalReason
{
    /// <summary>Damaged, altered, or signed with another key.</summary>
    Invalid,

    /// <summary>Past the expiry it was signed with.</summary>
    Expired,

    /// <summary>Each link acts once, and this one did.</summary>
    Used,

    /// <summary>The visit went to another officer or is gone.</summary>
    NotYours,
}

namespace HeatRelief.Visits;

/// <summary>A change a visit can be asked to make; <see cref="Visit.IsLegal"/> says from which states.</summary>
public enum VisitMove
{
    /// <summary>Offer to an officer (first offer or the next candidate).</summary>
    Offer,

    /// <summary>The offered officer will go.</summary>
    Accept,

    /// <summary>The officer says no (before or after accepting), with a reason.</summary>
    Decline,

    /// <summary>The answer was due and did not come.</summary>
    Expire,

    /// <summary>The officer reports the visit done.</summary>
    Complete,

    /// <summary>No officer had room; admins are told and the reassignment timer keeps trying.</summary>
    MarkUnassigned,

    /// <summary>Too many officers declined or let it expire; admins must act.</summary>
    Escalate,

    /// <summary>An escalated alert raises the visit's level; the visit keeps its state and officer.</summary>
    RaiseLevel,
}

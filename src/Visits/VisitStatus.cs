namespace HeatRelief.Visits;

/// <summary>Where a visit stands. Declined and expired are brief: the visit is offered to the next candidate.</summary>
public enum VisitStatus
{
    /// <summary>Requested, waiting for an officer to be chosen.</summary>
    Pending,

    /// <summary>Offered to an officer who has not answered yet.</summary>
    Assigned,

    /// <summary>The officer will go.</summary>
    Accepted,

    /// <summary>The officer said no; the next candidate is tried.</summary>
    Declined,

    /// <summary>The officer did not answer in time; the next candidate is tried.</summary>
    Expired,

    /// <summary>The visit took place.</summary>
    Completed,

    /// <summary>No officer had room; admins were told, and the reassignment timer keeps trying.</summary>
    Unassigned,

    /// <summary>Too many officers declined or let it expire; admins must act.</summary>
    Escalated,
}

namespace HeatRelief.Visits;

/// <summary>
/// A <see cref="VisitStatus"/> as it is written everywhere outside the process: the Visits table, API JSON, the
/// audit trail and the dashboard. The wire name is the lowercase status name.
/// </summary>
public static class VisitStatusWire
{
    public static string ToWire(this VisitStatus status) => status switch
    {
        VisitStatus.Pending => "pending",
        VisitStatus.Assigned => "assigned",
        VisitStatus.Accepted => "accepted",
        VisitStatus.Declined => "declined",
        VisitStatus.Expired => "expired",
        VisitStatus.Completed => "completed",
        VisitStatus.Unassigned => "unassigned",
        VisitStatus.Escalated => "escalated",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a visit status"),
    };

    /// <summary>
    /// A status by its wire name, in any case; otherwise null. Not Enum.TryParse: it also takes numbers and
    /// comma-joined names ("assigned,accepted" is 1|2, which is declined).
    /// </summary>
    public static VisitStatus? FromWire(string? value)
    {
        foreach (var status in Enum.GetValues<VisitStatus>())
        {
            if (string.Equals(status.ToWire(), value, StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }

        return null;
    }
}

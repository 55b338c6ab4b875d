namespace HeatRelief.Warnings;

/// <summary>One recorded message in a <see cref="WarningBook"/>, with the Update or Cancel that ended it, if any.</summary>
public sealed record WarningEntry(CapDocument Document, WarningState State, CapDocument? EndedBy)
{
    /// <summary>When the warning stopped counting: the <c>sent</c> time of the message that replaced or ended it.</summary>
    public DateTimeOffset? EndedAt => EndedBy?.Sent;
}

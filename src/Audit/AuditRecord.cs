namespace HeatRelief.Audit;

/// <summary>One decision or state change, as admins read it. Contact details are masked before writing.</summary>
public sealed record AuditRecord(
    string Kind,
    string Message,
    string? SiteId = null,
    string? OfficerId = null,
    string? AlertId = null,
    string? VisitId = null,
    string? Actor = null,
    string? CorrelationId = null,
    object? Details = null)
{
    /// <summary>When it happened (UTC); set by the audit log from its clock when not given.</summary>
    public DateTimeOffset? Time { get; init; }
}

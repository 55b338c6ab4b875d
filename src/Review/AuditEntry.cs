namespace HeatRelief.Review;

/// <summary>An audit record as stored: time in UTC, contact details masked, <see cref="Details"/> as raw JSON.</summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Kind,
    string? SiteId,
    string? OfficerId,
    string? AlertId,
    string? VisitId,
    string Actor,
    string? CorrelationId,
    string Message,
    string? Details);

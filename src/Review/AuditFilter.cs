namespace HeatRelief.Review;

/// <summary>
/// What to read from the audit log: local days <see cref="From"/> to <see cref="To"/> (inclusive, in the
/// audit time zone; <see cref="To"/> defaults to today, <see cref="From"/> to <see cref="To"/>), optional
/// equality filters, and <see cref="Text"/>, a case-insensitive substring of the message. With a
/// <see cref="ContinuationToken"/> the dates come from the token; the other filters must be sent again.
/// </summary>
public sealed record AuditFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    string? Kind = null,
    string? SiteId = null,
    string? OfficerId = null,
    string? Text = null,
    int? PageSize = null,
    string? ContinuationToken = null);

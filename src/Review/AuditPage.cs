namespace HeatRelief.Review;

/// <summary>One page of audit records, newest first; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Records, string? ContinuationToken);

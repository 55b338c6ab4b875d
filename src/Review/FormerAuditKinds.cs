namespace HeatRelief.Review;

/// <summary>
/// Audit kinds written before the visit concept had one name: <c>assignment.X</c> is today's <c>visit.X</c>. Old rows
/// keep their kind as written (they are evidence); the audit query finds them under the new kind and shows the new
/// name, and reads their visit id from the former <c>AssignmentId</c> column.
/// </summary>
public static class FormerAuditKinds
{
    public const string FormerPrefix = "assignment.";
    public const string CurrentPrefix = "visit.";

    /// <summary>The column the visit id was written to before the rename.</summary>
    public const string FormerVisitIdColumn = "AssignmentId";

    /// <summary>The kinds a filter for <paramref name="kind"/> matches: a <c>visit.X</c> kind also matches <c>assignment.X</c>.</summary>
    public static IReadOnlyList<string> Matching(string kind) =>
        kind.StartsWith(CurrentPrefix, StringComparison.Ordinal) && kind.Length >= CurrentPrefix.Length
            ? [kind, FormerPrefix + kind[CurrentPrefix.Length..]]
            : [kind];

    /// <summary>The kind as shown today: <c>assignment.X</c> reads <c>visit.X</c>; any other kind as it is.</summary>
    public static string Current(string kind) =>
        kind.StartsWith(FormerPrefix, StringComparison.Ordinal) ? CurrentPrefix + kind[FormerPrefix.Length..] : kind;
}

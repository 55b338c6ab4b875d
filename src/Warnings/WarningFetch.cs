namespace HeatRelief.Warnings;

/// <summary>What a warning source gave: the messages that parsed, and the entries rejected with their reason.</summary>
public sealed record WarningFetch(IReadOnlyList<CapDocument> Documents, IReadOnlyList<CapParseResult> Rejected)
{
    public static readonly WarningFetch Empty = new([], []);
}

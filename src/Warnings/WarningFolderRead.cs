namespace HeatRelief.Warnings;

/// <summary>What <see cref="WarningFolder"/> read: the documents that parsed, the files rejected with their reason, and a folder-level failure.</summary>
public sealed record WarningFolderRead(IReadOnlyList<CapDocument> Documents, IReadOnlyList<CapParseResult> Rejected, string? Failure);

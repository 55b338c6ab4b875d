using Azure;

namespace HeatRelief.Visits;

/// <summary>
/// One officer's load row as read: the visits they hold on a heat day (or, for a season row, how many they were given)
/// and the ETag a change must carry. A row not yet written has no ETag.
/// </summary>
public sealed record OfficerLoad(IReadOnlyList<string> Visits, int Count, ETag? ETag);

namespace HeatRelief.Warnings;

/// <summary>
/// One entry of a CAP feed: the CAP document it links (absolute), the entry's own id and updated stamp (a document is
/// fetched again only when they change), or the one-line reason the entry gives nothing to fetch.
/// </summary>
public sealed record CapFeedEntry(string Name, Uri? Link, string? Updated, string? Problem);

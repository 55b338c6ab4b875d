using HeatRelief.Sites;

namespace HeatRelief.Warnings;

/// <summary>
/// Where official warnings come from (<c>Warnings__Source</c>): none, a folder of CAP files, a CAP feed, or QWeather.
/// Every source gives the same model, parsed CAP messages, so the lifecycle and the merge never depend on it.
/// </summary>
public interface IWarningSource
{
    /// <summary>The source's name as audits and notices show it: <c>none</c>, <c>folder</c>, <c>cap-feed</c>, <c>qweather</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The messages the source has now for the given sites, and the entries it rejected (each with its reason; the
    /// others still count). Throws <see cref="WarningSourceException"/> (or the HTTP client's exceptions) when the
    /// source as a whole failed: nothing then changes and nothing is cleared.
    /// </summary>
    Task<WarningFetch> FetchAsync(IReadOnlyList<Site> sites, CancellationToken ct);
}

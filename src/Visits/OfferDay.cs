using HeatRelief.Sites;

namespace HeatRelief.Visits;

/// <summary>
/// What a day's pass read once and keeps up to date in memory while it offers the day's visits: the officers, the
/// sites, each officer's load row of the day and season row (with their ETags, so every write is still guarded).
/// </summary>
public sealed class OfferDay(string dateKey, IReadOnlyList<Officer> officers, Dictionary<string, Site?> sites,
    Dictionary<string, OfficerLoad> loads, Dictionary<string, OfficerLoad> season)
{
    public string DateKey => dateKey;

    public IReadOnlyList<Officer> Officers => officers;

    /// <summary>The sites of the day's visits as read (null: the site does not exist).</summary>
    public Dictionary<string, Site?> Sites => sites;

    /// <summary>
    /// Visits left pending because their site was deactivated after its alert: a site that is inactive is visited by
    /// nobody; its visit waits (and is offered if the site comes back).
    /// </summary>
    public HashSet<string> Skipped { get; } = new(StringComparer.Ordinal);

    /// <summary>Each officer's visits of the day, as last read or written.</summary>
    public Dictionary<string, OfficerLoad> Loads { get; set; } = loads;

    /// <summary>Each officer's season count, as last read or written.</summary>
    public Dictionary<string, OfficerLoad> Season { get; set; } = season;

    /// <summary>The season rows changed under us (a race, or an ETag storage did not return): read them again before the next write.</summary>
    public bool SeasonStale { get; set; }

    /// <summary>The load rows may have changed under us: read them again before the next chunk.</summary>
    public bool LoadsStale { get; set; }
}

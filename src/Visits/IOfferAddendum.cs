namespace HeatRelief.Visits;

/// <summary>
/// Something a later feature adds to an officer's visit offer (the site's answer about its heat measures): one line
/// of the body and one entry of the webhook data. Registered by that feature, so visits import none above them.
/// </summary>
public interface IOfferAddendum
{
    /// <summary>The addition to the offer of this visit in the officer's language, or null for none.</summary>
    Task<OfferAddition?> ForAsync(Visit visit, string language, CancellationToken ct);

    /// <summary>
    /// The additions to several offers, read together (a day's pass offers a chunk of visits at once: one query, not a
    /// read per visit), by visit id; a visit with no addition is absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, OfferAddition>> ForManyAsync(IReadOnlyList<(Visit Visit, string Language)> offers, CancellationToken ct);
}

using HeatRelief.Audit;
using HeatRelief.Visits;

namespace HeatRelief.Acks;

/// <summary>
/// Adds to an officer's offer what the site said about its heat measures, or that it has not confirmed them, so the
/// officer knows before accepting what to check on the spot. Nothing when the site was not asked (below orange).
/// </summary>
public sealed class AckOfferAddendum(AckStore store, LocalTimeText localTime) : IOfferAddendum
{
    public async Task<OfferAddition?> ForAsync(Visit visit, string language, CancellationToken ct) =>
        Addition((await store.GetAsync(visit.DateKey, visit.SiteId, ct))?.Value, language);

    /// <summary>The cases of the offers' sites, one query per heat day among them (a day's pass: one).</summary>
    public async Task<IReadOnlyDictionary<string, OfferAddition>> ForManyAsync(IReadOnlyList<(Visit Visit, string Language)> offers, CancellationToken ct)
    {
        var result = new Dictionary<string, OfferAddition>(StringComparer.Ordinal);
        foreach (var day in offers.GroupBy(o => o.Visit.DateKey, StringComparer.Ordinal))
        {
            var cases = await store.GetManyAsync(day.Key, day.Select(o => o.Visit.SiteId).ToHashSet(StringComparer.Ordinal), ct);
            foreach (var (visit, language) in day)
            {
                if (Addition(cases.GetValueOrDefault(visit.SiteId)?.Value, language) is { } addition)
                {
                    result[visit.Id] = addition;
                }
            }
        }

        return result;
    }

    private OfferAddition? Addition(AckCase? ack, string language) =>
        AckText.ForOfficer(ack, localTime, language) is { } text
            ? new OfferAddition(text, "siteAcknowledgement", new Dictionary<string, object?>
            {
                ["answered"] = ack!.Latest is not null,
                ["measures"] = ack.Latest?.Measures.Select(m => m.ToWire()).ToArray(),
                ["outdoorWorkersNow"] = ack.Latest?.OutdoorWorkersNow,
                ["breaksRule"] = ack.Latest?.BreaksRule(ack.Level) ?? false,
            })
            : null;
}

using HeatRelief.Audit;
using HeatRelief.Visits;

namespace HeatRelief.Acks;

/// <summary>
/// Adds to an officer's offer what the site said about its heat measures, or that it has not confirmed them, so the
/// officer knows before accepting what to check on the spot. Nothing when the site was not asked (below orange).
/// </summary>
public sealed class AckOfferAddendum(AckStore store, LocalTimeText localTime) : IOfferAddendum
{
    public async Task<OfferAddition?> ForAsync(Visit visit, string language, CancellationToken ct)
    {
        var ack = (await store.GetAsync(visit.DateKey, visit.SiteId, ct))?.Value;
        return AckText.ForOfficer(ack, localTime, language) is { } text
            ? new OfferAddition(text, "siteAcknowledgement", new Dictionary<string, object?>
            {
                ["answered"] = ack!.Latest is not null,
                ["measures"] = ack.Latest?.Measures.Select(m => m.ToWire()).ToArray(),
                ["outdoorWorkersNow"] = ack.Latest?.OutdoorWorkersNow,
                ["breaksRule"] = ack.Latest?.BreaksRule(ack.Level) ?? false,
            })
            : null;
    }
}

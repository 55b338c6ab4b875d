using System.Globalization;
using HeatRelief.Sites;

namespace HeatRelief.Visits;

/// <summary>
/// Orders officers for a site: those who can go (active, within the maximum distance, under their daily cap,
/// not already tried for this visit) before those who cannot; same district before other districts; nearest first, except that
/// officers within the fairness tolerance of the nearest count as near-equals and the one with the fewest
/// visits this season goes first. Pure, so every rule is testable without storage.
/// </summary>
public static class OfficerRanking
{
    public static IReadOnlyList<RankedCandidate> Rank(
        Site site,
        IEnumerable<Officer> officers,
        IReadOnlyDictionary<string, int> visitsToday,
        IReadOnlyDictionary<string, int> seasonVisits,
        IReadOnlySet<string> tried,
        double toleranceKm,
        double maxDistanceKm)
    {
        var all = officers.Select(o =>
        {
            var today = visitsToday.GetValueOrDefault(o.Id);
            var season = seasonVisits.GetValueOrDefault(o.Id);
            var sameDistrict = Districts.Same(o.District, site.District);
            var distance = Math.Round(GreatCircle.DistanceKm(site.Latitude, site.Longitude, o.Latitude, o.Longitude), 2);
            var reason = !o.Active ? "inactive"
                : distance > maxDistanceKm ? BeyondReach(distance, maxDistanceKm)
                : tried.Contains(o.Id) ? "already offered this visit"
                : today >= o.MaxVisitsPerDay ? string.Create(CultureInfo.InvariantCulture, $"at daily cap {today}/{o.MaxVisitsPerDay}")
                : null;
            return new RankedCandidate(o.Id, sameDistrict, distance, today, o.MaxVisitsPerDay, season, reason is null, reason ?? string.Empty);
        }).ToList();

        var ranked = new List<RankedCandidate>(all.Count);
        foreach (var tier in all.Where(c => c.Eligible).GroupBy(c => c.SameDistrict).OrderByDescending(g => g.Key))
        {
            var left = tier.OrderBy(c => c.DistanceKm).ThenBy(c => c.OfficerId, StringComparer.Ordinal).ToList();
            while (left.Count > 0)
            {
                var nearest = left[0].DistanceKm;
                var nearEquals = left.Where(c => c.DistanceKm <= nearest + toleranceKm)
                    .OrderBy(c => c.SeasonVisits).ThenBy(c => c.DistanceKm).ThenBy(c => c.OfficerId, StringComparer.Ordinal).ToList();
                ranked.AddRange(nearEquals.Select(c => c with { Reason = Explain(c, nearEquals.Count > 1) }));
                left.RemoveAll(nearEquals.Contains);
            }
        }

        // Officers out of reach go last, so a recorded (truncated) ranking of only those means nobody was within reach.
        ranked.AddRange(all.Where(c => !c.Eligible).OrderBy(c => c.DistanceKm > maxDistanceKm).ThenByDescending(c => c.SameDistrict).ThenBy(c => c.DistanceKm).ThenBy(c => c.OfficerId, StringComparer.Ordinal));
        return ranked;
    }

    /// <summary>True when no officer of a ranking is within the maximum distance (nobody, or all farther).</summary>
    public static bool NobodyWithin(IReadOnlyList<RankedCandidate> ranking, double maxDistanceKm) =>
        ranking.Count > 0 && ranking.All(c => c.DistanceKm > maxDistanceKm);

    private static string BeyondReach(double distance, double maxDistanceKm) => string.Create(CultureInfo.InvariantCulture,
        $"{distance:0.0} km away, beyond the {maxDistanceKm:0.#} km limit");

    private static string Explain(RankedCandidate c, bool hadNearEquals) => string.Create(CultureInfo.InvariantCulture,
        $"{(c.SameDistrict ? "same district" : "other district")}, {c.DistanceKm:0.0} km, {c.VisitsToday}/{c.MaxVisitsPerDay} today, {c.SeasonVisits} this season{(hadNearEquals ? " (near-equals ranked by season visits)" : string.Empty)}");
}

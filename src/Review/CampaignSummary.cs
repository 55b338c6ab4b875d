using System.Collections.Concurrent;
using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Delivery;

namespace HeatRelief.Review;

/// <summary>
/// Sums up one heat day from the Alerts (partition: day), Deliveries (partition: alert id, so one query per
/// alert of the day), Visits and Acks (partition: day) tables, through their stores.
/// </summary>
public sealed class CampaignSummary(AlertStore alerts, DeliveryStore deliveries, VisitStore visits, AckStore acks)
{
    /// <summary>Each alerted site's highest level of the day, from the Alerts table alone (no delivery reads).</summary>
    public async Task<IReadOnlyList<SiteLevel>> SiteLevelsAsync(DateOnly date, CancellationToken ct) =>
        SiteLevels((await alerts.ListAsync(Alert.DateKeyOf(date), ct)).Select(a => a.Alert));

    public async Task<CampaignDay> GetAsync(DateOnly date, CancellationToken ct)
    {
        var dateKey = Alert.DateKeyOf(date);
        var dayAlerts = (await alerts.ListAsync(dateKey, ct)).Select(a => a.Alert).ToList();
        var sites = SiteLevels(dayAlerts);

        // One partition per alert: read them a few at a time rather than one after the other.
        var records = new ConcurrentBag<DeliveryRecord>();
        await Parallel.ForEachAsync(dayAlerts, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (alert, token) =>
        {
            foreach (var record in await deliveries.ListAsync(alert.Id, token))
            {
                records.Add(record);
            }
        });

        // Only completed visits carry a report: what was actually handed out.
        var dayVisits = (await visits.ListAsync(dateKey, [], ct)).Select(s => s.Value).ToList();
        var reports = dayVisits.Where(v => v.Status == VisitStatus.Completed && v.Report is not null).Select(v => v.Report!).ToList();

        // The acknowledgements: how many sites were asked, how many answered, how fast (from the ask to the first answer).
        var asked = (await acks.ListDayAsync(dateKey, ct)).Select(s => s.Value).ToList();
        var minutes = asked.Where(a => a.Answer is not null).Select(a => Math.Max(0, (a.Answer!.At - a.RequestedAt).TotalMinutes)).Order().ToList();

        return new CampaignDay(
            date,
            sites,
            dayAlerts.CountBy(a => a.Kind).ToDictionary(),
            records.CountBy(r => r.Status).ToDictionary(),
            records.CountBy(r => r.Channel, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal),
            dayVisits.CountBy(v => v.Status).ToDictionary(),
            dayVisits.Count(v => v.Status == VisitStatus.Completed),
            reports.Sum(r => r.WorkersReached),
            reports.Sum(r => r.WaterLitres),
            reports.Sum(r => r.SoupLitres),
            reports.Sum(r => r.MedicineKits))
        {
            AcksAsked = asked.Count,
            AcksAnswered = minutes.Count,
            MedianMinutesToAnswer = Median(minutes),
        };
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count) of sorted values; null for none.</summary>
    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count == 0
        ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static List<SiteLevel> SiteLevels(IEnumerable<Alert> dayAlerts) =>
        [.. dayAlerts
            .GroupBy(a => a.SiteId, StringComparer.Ordinal)
            .Select(g => new SiteLevel(g.Key, g.Max(a => a.Level), g.MaxBy(a => a.CreatedAt)!.Kind == AlertKind.Cleared))
            .OrderByDescending(s => s.Level).ThenBy(s => s.SiteId, StringComparer.Ordinal)];
}

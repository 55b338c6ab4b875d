using System.Collections.Concurrent;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Storage;

namespace HeatRelief.Review;

/// <summary>A site's highest alert level of the day, and whether the day ended with an all-clear for it.</summary>
public sealed record SiteLevel(string SiteId, HeatLevel Level, bool Cleared);

/// <summary>What one heat day amounted to: alerts, notifications, and the cooling-relief visits.</summary>
public sealed record CampaignDay(
    DateOnly Date,
    IReadOnlyList<SiteLevel> Sites,
    IReadOnlyDictionary<AlertKind, int> AlertsByKind,
    IReadOnlyDictionary<DeliveryStatus, int> DeliveriesByStatus,
    IReadOnlyDictionary<string, int> DeliveriesByChannel,
    IReadOnlyDictionary<string, int> AssignmentsByStatus,
    int VisitsCompleted,
    int WorkersReached,
    double WaterLitres,
    double SoupLitres,
    int MedicineKits);

/// <summary>
/// Sums up one heat day from the Alerts (partition: day), Deliveries (partition: alert id, so one query per
/// alert of the day) and Assignments (partition: day) tables.
/// </summary>
public sealed class CampaignSummary(StorageClients clients, AlertStore alerts, DeliveryStore deliveries)
{
    /// <summary>Assignment status of a finished visit; only those carry the relief figures.</summary>
    public const string CompletedStatus = "completed";

    public async Task<CampaignDay> GetAsync(DateOnly date, CancellationToken ct)
    {
        var dateKey = Alert.DateKeyOf(date);
        var dayAlerts = (await alerts.ListAsync(dateKey, ct).ConfigureAwait(false)).Select(a => a.Alert).ToList();
        var sites = dayAlerts
            .GroupBy(a => a.SiteId, StringComparer.Ordinal)
            .Select(g => new SiteLevel(g.Key, g.Max(a => a.Level), g.MaxBy(a => a.CreatedAt)!.Kind == AlertKind.Cleared))
            .OrderByDescending(s => s.Level).ThenBy(s => s.SiteId, StringComparer.Ordinal)
            .ToList();

        // One partition per alert: read them a few at a time rather than one after the other.
        var records = new ConcurrentBag<DeliveryRecord>();
        await Parallel.ForEachAsync(dayAlerts, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (alert, token) =>
        {
            foreach (var record in await deliveries.ListAsync(alert.Id, token).ConfigureAwait(false))
            {
                records.Add(record);
            }
        }).ConfigureAwait(false);

        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        var (completed, workers, water, soup, kits) = (0, 0, 0.0, 0.0, 0);
        var table = await clients.TableAsync(TableNames.Assignments, ct).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {dateKey}");
        string[] columns = ["Status", "WorkersReached", "WaterLitres", "SoupLitres", "MedicineKits"];
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: columns, cancellationToken: ct).ConfigureAwait(false))
        {
            var status = e.GetString("Status") ?? "unknown";
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            if (status == CompletedStatus)
            {
                completed++;
                workers += (int)Number(e, "WorkersReached");
                water += Number(e, "WaterLitres");
                soup += Number(e, "SoupLitres");
                kits += (int)Number(e, "MedicineKits");
            }
        }

        return new CampaignDay(
            date,
            sites,
            dayAlerts.CountBy(a => a.Kind).ToDictionary(),
            records.CountBy(r => r.Status).ToDictionary(),
            records.CountBy(r => r.Channel, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal),
            byStatus,
            completed,
            workers,
            water,
            soup,
            kits);
    }

    /// <summary>A numeric column whatever width it was written with (whole litres may arrive as Int32); 0 when absent.</summary>
    private static double Number(TableEntity e, string column) => e.TryGetValue(column, out var value) ? value switch
    {
        int i => i,
        long l => l,
        double d => d,
        _ => 0,
    } : 0;
}

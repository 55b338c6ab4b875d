using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>Sites, officers and alerts written straight to storage, and the visit requests those alerts send.</summary>
public static class VisitScenario
{
    public static readonly DateOnly Day = new(2026, 7, 15);

    public static Site Site(string id, string district, double lat, double lon, int workers) => new(id, $"Site {id}", district, lat, lon, "construction", workers);

    public static Officer Officer(string id, string district, double lat, double lon, int cap, string channel = "console", string address = "13800000000") =>
        new(id, $"Officer {id}", district, lat, lon, channel, address, cap);

    /// <summary>Stores the sites and officers and one alert per site; returns the visit-request message bodies.</summary>
    public static async Task<IReadOnlyList<string>> ArrangeAsync(IServiceProvider services, IReadOnlyList<(Site Site, HeatLevel Level)> sites, IReadOnlyList<Officer> officers, CancellationToken ct)
    {
        var directory = services.GetRequiredService<SiteDirectory>();
        await directory.UpsertSitesAsync(sites.Select(s => s.Site), ct);
        await directory.UpsertOfficersAsync(officers, ct);
        var alerts = sites.Select(s => AlertFor(s.Site.Id, s.Level)).ToList();
        await services.GetRequiredService<AlertStore>().InsertIfAbsentAsync(Alert.DateKeyOf(Day), alerts, ct);
        return [.. alerts.Select(a => MessageJson.Serialize(new VisitRequestMessage(VisitRequestMessage.CurrentVersion, a.Id, a.DateKey, a.SiteId)))];
    }

    public static Alert AlertFor(string siteId, HeatLevel level) => new(
        Alert.IdFor(siteId, Day, level.ToWire(), 0), siteId, Day, AlertKind.Raised, level, HeatLevel.None,
        new HeatGrade(Day, level, level, 39.5, 42.0, HeatIndexBand.High, new HottestWindow(new TimeOnly(13, 0), 3, 39.0), WorkAdvice.LimitOutdoorHours, 6, true, "test"),
        8 * 3600, new DateTimeOffset(2026, 7, 15, 1, 0, 0, TimeSpan.Zero));

    /// <summary>Every visit row of the day.</summary>
    public static async Task<IReadOnlyList<StoredVisit>> VisitsAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<VisitStore>().ListAsync(Alert.DateKeyOf(Day), [], ct);

    /// <summary>Audit records of one kind (all days).</summary>
    public static async Task<IReadOnlyList<TableEntity>> AuditAsync(IServiceProvider services, string kind, CancellationToken ct)
    {
        var table = await services.GetRequiredService<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var found = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {kind}"), cancellationToken: ct))
        {
            found.Add(e);
        }

        return found;
    }
}

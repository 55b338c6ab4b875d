using HeatRelief.Alerts;
using HeatRelief.Sites;
using Microsoft.Extensions.Options;

namespace HeatRelief.CapFeed;

/// <summary>
/// Reads alerts and their sites for the CAP output: one alert's document, with the earlier alerts it references, and
/// the Atom feed of recent ones. Reads only; the documents are written from the stored alert every time, so the same
/// alert always gives the same document.
/// </summary>
public sealed class CapFeedService(AlertStore alerts, SiteDirectory sites, CapAlertWriter capWriter, CapAtomWriter atomWriter, IOptions<CapFeedOptions> options, IOptions<AlertOptions> alertOptions, TimeProvider time)
{
    /// <summary>The CAP document of one alert, or null when no alert (or no site of it) has that id.</summary>
    /// <param name="capUrl">An alert's document URL (for <c>web</c>), when the caller knows it.</param>
    public async Task<byte[]?> AlertAsync(string alertId, Func<string, Uri>? capUrl, CancellationToken ct)
    {
        if (AlertIdDay.Of(alertId) is not { } day)
        {
            return null;
        }

        var dayAlerts = await alerts.ListAsync(Alert.DateKeyOf(day), ct);
        var alert = dayAlerts.Select(a => a.Alert).FirstOrDefault(a => a.Id == alertId);
        if (alert is null || await sites.GetSiteAsync(alert.SiteId, ct) is not { } site)
        {
            return null;
        }

        return capWriter.Write(alert, site, CapThread.Earlier(alert, dayAlerts.Select(a => a.Alert)), capUrl?.Invoke(alert.Id));
    }

    /// <summary>
    /// The Atom feed: alerts sent in the last <see cref="CapFeedOptions.FeedDays"/> days, newest first, at most
    /// <see cref="CapFeedOptions.FeedMaxEntries"/>; an alert whose site is gone from the directory is left out.
    /// </summary>
    public async Task<byte[]> FeedAsync(Uri feedUrl, Func<string, Uri> capUrl, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now.AddDays(-options.Value.FeedDays);

        // Alerts are filed under their site's local day (any offset, up to the look-ahead): every day that can hold one sent since then.
        var first = DateOnly.FromDateTime(since.UtcDateTime).AddDays(-1);
        var last = DateOnly.FromDateTime(now.UtcDateTime).AddDays(alertOptions.Value.LookaheadDays + 1);
        var recent = new List<Alert>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            recent.AddRange((await alerts.ListAsync(Alert.DateKeyOf(day), ct)).Select(a => a.Alert).Where(a => a.CreatedAt >= since && a.CreatedAt <= now));
        }

        var newest = recent
            .OrderByDescending(a => a.CreatedAt.UtcTicks).ThenByDescending(a => a.Kind).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Take(options.Value.FeedMaxEntries)
            .ToList();
        var siteById = new Dictionary<string, Site?>(StringComparer.Ordinal);
        foreach (var id in newest.Select(a => a.SiteId).Distinct(StringComparer.Ordinal))
        {
            siteById[id] = await sites.GetSiteAsync(id, ct);
        }

        var entries = newest.Where(a => siteById[a.SiteId] is not null).Select(a => (a, siteById[a.SiteId]!)).ToList();
        return atomWriter.Write(entries, feedUrl, capUrl, now);
    }
}

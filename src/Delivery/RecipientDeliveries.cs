using HeatRelief.Sites;

namespace HeatRelief.Delivery;

/// <summary>
/// Who got what: a recipient's alerts (by id or name) and an alert's recipients, from the Deliveries table, for
/// the dashboard and <c>./run.sh logs --recipient</c>.
/// </summary>
public sealed class RecipientDeliveries(DeliveryStore deliveries, SiteDirectory directory)
{
    /// <summary>The most recipients one search shows (a name shared by many: narrow it with the id).</summary>
    public const int MaxRecipients = 20;

    /// <summary>
    /// Recipients whose id is <paramref name="query"/> (any case), then those whose name contains it, each with their
    /// deliveries. Costs one read of the Recipients table (a few thousand rows) and one site-range query of the
    /// Deliveries table per recipient found (<see cref="DeliveryStore.ListForRecipientAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<RecipientHistory>> FindAsync(string query, CancellationToken ct)
    {
        var text = query.Trim();
        if (text.Length == 0)
        {
            return [];
        }

        var all = await directory.ListRecipientsAsync(ct);
        var matches = all.Where(r => string.Equals(r.Id, text, StringComparison.OrdinalIgnoreCase))
            .Concat(all.Where(r => !string.Equals(r.Id, text, StringComparison.OrdinalIgnoreCase) && r.Name.Contains(text, StringComparison.OrdinalIgnoreCase))
                .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal))
            .Take(MaxRecipients)
            .ToList();
        var result = new List<RecipientHistory>(matches.Count);
        foreach (var recipient in matches)
        {
            result.Add(new RecipientHistory(recipient, await deliveries.ListForRecipientAsync(recipient.SiteId, recipient.Id, ct)));
        }

        return result;
    }

    /// <summary>Every recipient with exactly this id (ids are unique per site, not across sites), each with their deliveries.</summary>
    public async Task<IReadOnlyList<RecipientHistory>> ByIdAsync(string recipientId, CancellationToken ct)
    {
        var result = new List<RecipientHistory>();
        foreach (var recipient in await directory.FindRecipientsAsync(recipientId, ct))
        {
            result.Add(new RecipientHistory(recipient, await deliveries.ListForRecipientAsync(recipient.SiteId, recipient.Id, ct)));
        }

        return result;
    }

    /// <summary>An alert's recipients with their status (one partition read, then the recipients of its site by key).</summary>
    public async Task<IReadOnlyList<AlertRecipient>> ForAlertAsync(string alertId, CancellationToken ct)
    {
        var records = await deliveries.ListAsync(alertId, ct);
        var bySite = new Dictionary<(string, string), Recipient>();
        foreach (var site in records.GroupBy(r => r.SiteId ?? string.Empty))
        {
            foreach (var recipient in await directory.GetRecipientsAsync(site.Key, [.. site.Select(r => r.RecipientId)], ct))
            {
                bySite[(site.Key, recipient.Id)] = recipient;
            }
        }

        return [.. records.OrderBy(r => r.RecipientId, StringComparer.Ordinal)
            .Select(r => new AlertRecipient(r, bySite.GetValueOrDefault((r.SiteId ?? string.Empty, r.RecipientId))))];
    }
}

using HeatRelief.Delivery;
using HeatRelief.Sites;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// Who got what, for admins: <c>GET /api/manage/deliveries?recipient=Q</c> finds recipients by id or name with every
/// alert they were sent, and <c>GET /api/manage/alerts/{alertId}/deliveries</c> lists an alert's recipients with their
/// status. Names are shown (admins read them on the dashboard); addresses are not. Admin role only.
/// </summary>
public sealed class DeliveryApi(AdminApi admin, RecipientDeliveries lookups, SiteDirectory directory)
{
    public async Task<IResult> RecipientAsync(HttpRequest request, CancellationToken ct)
    {
        if (admin.RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        var values = request.Query["recipient"];
        if (values.Count != 1 || values.ToString().Trim() is not { Length: > 0 and <= 200 } query)
        {
            return Problems.BadRequest("recipient must be given once: a recipient's id or part of a name, at most 200 characters");
        }

        var found = await lookups.FindAsync(query, ct);
        var sites = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var siteId in found.Select(h => h.Recipient.SiteId).Distinct(StringComparer.Ordinal))
        {
            sites[siteId] = (await directory.GetSiteAsync(siteId, ct))?.Name;
        }

        return Results.Json(new
        {
            query,
            recipients = found.Select(h => new
            {
                h.Recipient.Id,
                h.Recipient.Name,
                h.Recipient.SiteId,
                siteName = sites.GetValueOrDefault(h.Recipient.SiteId),
                h.Recipient.Channel,
                h.Recipient.Active,
                h.Recipient.Removed,
                deliveries = h.Deliveries.Select(d => new { d.AlertId, d.Level, d.Channel, status = d.Status.ToString().ToLowerInvariant(), d.At, d.Reason, d.Attempts }),
            }),
            limit = RecipientDeliveries.MaxRecipients,
        });
    }

    public async Task<IResult> AlertAsync(HttpRequest request, string alertId, CancellationToken ct)
    {
        if (admin.RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        if (alertId.Length is 0 or > 200)
        {
            return Problems.BadRequest("the alert id must be 1 to 200 characters");
        }

        var recipients = await lookups.ForAlertAsync(alertId, ct);
        return Results.Json(new
        {
            alertId,
            recipients = recipients.Select(r => new
            {
                r.Delivery.RecipientId,
                name = r.Recipient?.Name,
                channel = r.Delivery.Channel,
                status = r.Delivery.Status.ToString().ToLowerInvariant(),
                r.Delivery.At,
                r.Delivery.Reason,
            }),
        });
    }
}

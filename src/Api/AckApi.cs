using System.Globalization;
using HeatRelief.Acks;
using HeatRelief.Heat;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Visits;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// The compliance view, for admins: <c>GET /api/manage/acks?date=D</c> lists every site asked to confirm its heat
/// measures that day (the campaign's local day, today by default): whether and when it answered, what it said, and
/// the follow-up steps silence led to, and whether the visiting officer found the answer matched what they saw. One
/// partition query each of the Acks and Visits tables, and one site read per case. Admin role only.
/// </summary>
public sealed class AckApi(AdminApi admin, AckStore acks, SiteDirectory directory, AuditQuery audit, VisitStore visits)
{
    public async Task<IResult> DayAsync(HttpRequest request, CancellationToken ct)
    {
        if (admin.RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        var text = request.Query["date"];
        var date = audit.Today();
        if (text.Count > 0 && (text.Count > 1 || !DateOnly.TryParseExact(text.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)))
        {
            return Problems.BadRequest("date must be given once, as yyyy-MM-dd");
        }

        // The day's visits, one per site, for whether the officer found the site's answer true on the spot.
        var visited = (await visits.ListAsync(Alerts.Alert.DateKeyOf(date), [], ct)).Select(v => v.Value).ToLookup(v => v.SiteId, StringComparer.Ordinal);
        var sites = new List<object>();
        foreach (var ack in (await acks.ListDayAsync(Alerts.Alert.DateKeyOf(date), ct)).Select(s => s.Value).OrderBy(a => a.SiteId, StringComparer.Ordinal))
        {
            var site = await directory.GetSiteAsync(ack.SiteId, ct);
            var answer = ack.Latest;
            var visit = visited[ack.SiteId].FirstOrDefault();
            sites.Add(new
            {
                ack.SiteId,
                siteName = site?.Name,
                level = ack.Level.ToWire(),
                ack.RequestedAt,
                ack.Closed,
                answered = ack.Answer is not null,
                answeredAt = ack.Answer?.At,
                answeredBy = ack.Answer?.RecipientId,
                updates = ack.Updates.Count,
                measures = answer?.Measures.Select(m => m.ToWire()),
                other = answer?.Other,
                outdoorWorkersNow = answer?.OutdoorWorkersNow,
                breaksRule = answer?.BreaksRule(ack.Level) ?? false,
                ack.RemindedAt,
                ack.EscalatedAt,
                ack.AdminsToldAt,
                visitStatus = visit?.Status.ToWire(),
                officerId = visit?.OfficerId,
                measuresMatched = visit?.Report?.MeasuresMatched,
            });
        }

        return Results.Json(new { date = Alerts.Alert.DateKeyOf(date), sites });
    }
}

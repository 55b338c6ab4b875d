using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Sites;
using HeatRelief.Visits;

namespace HeatRelief.Dashboard;

/// <summary>Reads, for the officer's page, an officer's visits of two days with their sites, alerts and acknowledgements.</summary>
public sealed class OfficerVisitReader(VisitStore visits, SiteDirectory directory, AlertStore alerts, AckStore acks)
{
    public async Task<IReadOnlyList<OfficerVisitFacts>> ReadAsync(string officerId, DateOnly today, DateOnly tomorrow, CancellationToken ct)
    {
        var held = (await visits.ListForOfficerAsync(officerId, null, ct)).Where(v => v.Value.Date == today || v.Value.Date == tomorrow).ToList();
        var facts = new List<OfficerVisitFacts>();
        foreach (var stored in held)
        {
            var a = stored.Value;
            var site = await directory.GetSiteAsync(a.SiteId, ct);
            var alert = await alerts.GetAsync(a.DateKey, a.AlertId, ct);
            var ack = await acks.GetAsync(a.DateKey, a.SiteId, ct);
            facts.Add(new OfficerVisitFacts(a, site, alert?.Alert, ack?.Value));
        }

        return facts;
    }
}

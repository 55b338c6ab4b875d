using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Visits;

namespace HeatRelief.Digest;

/// <summary>
/// Who gets a digest on a local day, and what it says. A manager (an active recipient with a manager's role who has
/// not opted out, one digest per recipient id across every site they manage) gets one only when one of their sites is
/// at yellow or above today or tomorrow: a quiet day sends nothing. An officer who has not opted out gets one when they
/// hold a visit that day (offered, accepted or done), for those visits' sites, whatever the levels.
/// </summary>
public sealed class DigestPlanner(SiteDirectory directory, VisitStore visits, HeatEvaluationStore evaluations)
{
    private static readonly VisitStatus[] Working = [VisitStatus.Assigned, VisitStatus.Accepted, VisitStatus.Completed];

    public async Task<IReadOnlyList<DigestLetter>> PlanAsync(DateOnly today, CancellationToken ct)
    {
        var sites = (await directory.ListSitesAsync(ct)).Where(s => s.Active && !s.Removed).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var days = new[] { today, today.AddDays(1) };
        var levels = new List<IReadOnlyDictionary<string, HeatEvaluationStore.DayLevel>>();
        foreach (var day in days)
        {
            levels.Add(await evaluations.ReadLevelsAsync(Alert.DateKeyOf(day), ct));
        }

        IReadOnlyList<DigestEntry> EntriesOf(IEnumerable<string> siteIds) =>
        [
            .. siteIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Where(sites.ContainsKey).SelectMany(id => days.Select((day, i) =>
                levels[i].GetValueOrDefault(id) is { } l
                    ? new DigestEntry(id, sites[id].Name, day, l.Level, l.HottestStart, l.HottestEnd)
                    : new DigestEntry(id, sites[id].Name, day, HeatLevel.None, null, null))),
        ];

        var letters = new List<DigestLetter>();
        var managers = (await directory.ListRecipientsAsync(ct))
            .Where(r => r.Active && !r.Removed && r.Digest && r.IsManager && sites.ContainsKey(r.SiteId))
            .GroupBy(r => r.Id, StringComparer.Ordinal);
        foreach (var manager in managers.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var entries = EntriesOf(manager.Select(r => r.SiteId));
            if (entries.Any(e => e.Level >= HeatLevel.Yellow))
            {
                var r = manager.First();
                letters.Add(new DigestLetter(new DigestRecipient(DigestRecipient.ManagerKind, r.Id, r.Channel, r.Address, r.Language, r.QuietStart, r.QuietEnd), entries));
            }
        }

        var work = (await visits.ListAsync(Alert.DateKeyOf(today), Working, ct))
            .Where(v => v.Value.OfficerId is not null)
            .GroupBy(v => v.Value.OfficerId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(v => v.Value.SiteId).ToList(), StringComparer.Ordinal);
        if (work.Count > 0)
        {
            foreach (var officer in (await directory.ListOfficersAsync(ct)).Where(o => o.Active && !o.Removed && o.Digest && work.ContainsKey(o.Id)).OrderBy(o => o.Id, StringComparer.Ordinal))
            {
                var entries = EntriesOf(work[officer.Id]);
                if (entries.Count > 0)
                {
                    letters.Add(new DigestLetter(new DigestRecipient(DigestRecipient.OfficerKind, officer.Id, officer.Channel, officer.Address, officer.Language, null, null), entries));
                }
            }
        }

        return letters;
    }
}

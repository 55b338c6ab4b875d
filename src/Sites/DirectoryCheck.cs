using HeatRelief.Audit;

namespace HeatRelief.Sites;

/// <summary>
/// What an import warns about without refusing it, checked over the whole stored directory (active records only):
/// a site nobody there would be told about, a site with recipients but no manager to confirm its heat measures, a site district no officer's district matches (so visits go to the
/// nearest officer of any district), and one contact listed on several recipient rows.
/// </summary>
public sealed class DirectoryCheck(SiteDirectory directory)
{
    private const int Shown = 5;

    public async Task<IReadOnlyList<string>> WarningsAsync(CancellationToken ct)
    {
        var sites = (await directory.ListSitesAsync(ct)).Where(s => s.Active).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var recipients = (await directory.ListRecipientsAsync(ct)).Where(r => r.Active).ToList();
        var officers = (await directory.ListOfficersAsync(ct)).Where(o => o.Active).ToList();
        return Warnings(sites, recipients, officers);
    }

    public static IReadOnlyList<string> Warnings(IReadOnlyList<Site> sites, IReadOnlyList<Recipient> recipients, IReadOnlyList<Officer> officers)
    {
        var warnings = new List<string>();
        var withRecipients = recipients.Select(r => r.SiteId).ToHashSet(StringComparer.Ordinal);
        foreach (var site in sites.Where(s => !withRecipients.Contains(s.Id)))
        {
            warnings.Add($"site {site.Id} ({site.Name}) has no recipients: its alerts tell nobody there");
        }

        var withManagers = recipients.Where(r => r.IsManager).Select(r => r.SiteId).ToHashSet(StringComparer.Ordinal);
        foreach (var site in sites.Where(s => withRecipients.Contains(s.Id) && !withManagers.Contains(s.Id)))
        {
            warnings.Add($"site {site.Id} ({site.Name}) has no manager (role {string.Join("/", Recipient.ManagerRoles.Order(StringComparer.Ordinal))}): nobody can confirm its heat measures, so each orange or red day escalates to its officer and the admins");
        }

        if (officers.Count > 0)
        {
            var officerDistricts = officers.Select(o => Districts.Normalise(o.District)).ToHashSet(StringComparer.Ordinal);
            var written = officers.Select(o => o.District).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            foreach (var site in sites.Where(s => !officerDistricts.Contains(Districts.Normalise(s.District))))
            {
                warnings.Add($"site {site.Id}: district '{site.District}' matches no officer's district ({List(written)}); its visits go to the nearest officer of any district");
            }
        }

        foreach (var group in recipients.GroupBy(r => r.ContactKey, StringComparer.Ordinal).Where(g => g.Count() > 1).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.OrderBy(r => r.SiteId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            var sitesOfRows = rows.Select(r => r.SiteId).Distinct(StringComparer.Ordinal).Count();
            warnings.Add($"one {rows[0].Channel} contact ({Masking.Mask(rows[0].Address)}) is on {rows.Count} recipient rows: {List(rows.Select(r => $"{r.Id} at {r.SiteId}").ToList())}; "
                + (sitesOfRows > 1 ? $"it is told once per alert of each of its {sitesOfRows} sites" : "it is told once per alert"));
        }

        return warnings;
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count <= Shown ? string.Join(", ", items) : $"{string.Join(", ", items.Take(Shown))} and {items.Count - Shown} more";
}

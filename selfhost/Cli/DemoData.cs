using HeatRelief.Audit;
using HeatRelief.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// The demo in samples/ (sites, recipients, officers) for <c>run</c>: loaded only into storage holding no site,
/// recipient or officer at all, or on <c>--demo</c>; either way only rows not stored yet are added, so an
/// admin's own data is never overwritten.
/// </summary>
public static class DemoData
{
    /// <summary>Loads the demo when storage is empty or <paramref name="demo"/> asks for it, and says in one line what happened.</summary>
    public static async Task PrepareAsync(IServiceProvider services, string root, bool demo, TextWriter output, CancellationToken ct)
    {
        var directory = services.GetRequiredService<SiteDirectory>();
        var empty = await directory.IsEmptyAsync(ct);
        if (!empty && !demo)
        {
            var sites = await directory.ListSitesAsync(ct);
            var officers = await directory.ListOfficersAsync(ct);
            output.WriteLine($"Using the existing data: {Count(sites.Count, "site")}, {Count(officers.Count, "officer")} (the demo is not loaded; ./run.sh --demo adds its missing rows).");
            return;
        }

        var folder = Path.Combine(root, "samples");
        var siteRows = CsvImporter.ParseSites("sites.csv", await ReadAsync(folder, "sites.csv", ct));
        var officerRows = CsvImporter.ParseOfficers("officers.csv", await ReadAsync(folder, "officers.csv", ct));
        var addedSites = await directory.AddMissingSitesAsync(siteRows, ct);

        // Recipients are checked against the stored sites, as in an import.
        var known = await directory.ExistingSiteIdsAsync(ct);
        var recipientRows = CsvImporter.ParseRecipients("recipients.csv", await ReadAsync(folder, "recipients.csv", ct), known);
        var addedRecipients = await directory.AddMissingRecipientsAsync(recipientRows, ct);
        var addedOfficers = await directory.AddMissingOfficersAsync(officerRows, ct);

        var line = empty
            ? $"Storage is empty: loaded the demo from samples/ ({Count(addedSites.Added, "site")}, {Count(addedRecipients.Added, "recipient")}, {Count(addedOfficers.Added, "officer")})."
            : $"--demo: added the demo rows not stored yet from samples/ ({Count(addedSites.Added, "site")}, {Count(addedRecipients.Added, "recipient")}, {Count(addedOfficers.Added, "officer")}; rows already stored left as they are).";
        output.WriteLine(line);
        await services.GetRequiredService<AuditLog>().WriteAsync(new AuditRecord(AuditKinds.ImportCompleted, line, Actor: "cli",
            Details: new { demo = true, sites = addedSites.Added, recipients = addedRecipients.Added, officers = addedOfficers.Added }), ct);
    }

    private static async Task<string> ReadAsync(string folder, string file, CancellationToken ct)
    {
        var path = Path.Combine(folder, file);
        return File.Exists(path)
            ? await File.ReadAllTextAsync(path, ct)
            : throw new ImportException($"the demo file {path} is missing");
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? string.Empty : "s")}";
}

using System.CommandLine;
using HeatRelief.Sites;
using HeatRelief.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>import DIR</c> (sites.csv, recipients.csv and officers.csv found in DIR) or
/// <c>import --sites F --recipients F --officers F</c>: validate each file whole, then upsert it.
/// </summary>
public static class ImportCommand
{
    public static Command Define() => new("import", "Validate and upsert sites, recipients and officers from CSV (a folder with sites.csv, recipients.csv, officers.csv, or single files).")
    {
        new Argument<string>("DIR") { Description = "a folder holding sites.csv, recipients.csv and/or officers.csv", Arity = ArgumentArity.ZeroOrOne },
        CliOptions.Text("--sites", "FILE", "a sites CSV"),
        CliOptions.Text("--recipients", "FILE", "a recipients CSV"),
        CliOptions.Text("--officers", "FILE", "an officers CSV"),
    };

    public static async Task<int> RunAsync(CommandLine line, IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var sites = line.Value("sites");
        var recipients = line.Value("recipients");
        var officers = line.Value("officers");
        if (line.Argument("DIR") is { } dir)
        {
            if (!Directory.Exists(dir))
            {
                throw new UsageException($"'{dir}' is not a folder");
            }

            sites ??= Existing(Path.Combine(dir, "sites.csv"));
            recipients ??= Existing(Path.Combine(dir, "recipients.csv"));
            officers ??= Existing(Path.Combine(dir, "officers.csv"));
        }

        if (sites is null && recipients is null && officers is null)
        {
            throw new UsageException("nothing to import: give a folder with sites.csv, recipients.csv, officers.csv, or --sites/--recipients/--officers");
        }

        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(ct);
        var importer = services.GetRequiredService<CsvImporter>();
        var changes = services.GetRequiredService<DirectoryChanges>();

        // Sites first: recipients are checked against the stored sites.
        foreach (var (kind, path, import) in new (DirectoryKind, string?, Func<string, CancellationToken, Task<UpsertCounts>>)[]
        {
            (DirectoryKind.Site, sites, importer.ImportSitesAsync),
            (DirectoryKind.Recipient, recipients, importer.ImportRecipientsAsync),
            (DirectoryKind.Officer, officers, importer.ImportOfficersAsync),
        })
        {
            if (path is null)
            {
                continue;
            }

            var counts = await changes.AuditedImportAsync(kind, Path.GetFileName(path), "cli", () => import(path, ct), ct);
            var plural = DirectoryChanges.Plural(kind);
            output.WriteLine($"{path}: {counts.Added + counts.Changed + counts.Unchanged} {plural} ({counts.Added} new, {counts.Changed} changed, {counts.Unchanged} unchanged)"
                + (counts.StillRemoved > 0 ? $"; {counts.StillRemoved} removed earlier stay removed (./run.sh activate {kind.ToString().ToLowerInvariant()} ID brings one back)" : string.Empty));
        }

        // Warnings, not refusals: the data is usable, but someone may be told too often or not at all.
        foreach (var warning in await services.GetRequiredService<DirectoryCheck>().WarningsAsync(ct))
        {
            output.WriteLine($"warning: {warning}");
        }

        return 0;
    }

    private static string? Existing(string path) => File.Exists(path) ? path : null;
}

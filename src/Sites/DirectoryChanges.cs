using HeatRelief.Audit;

namespace HeatRelief.Sites;

/// <summary>
/// Imports and one-record edits of the directory, each written to the audit log with who made it: a file (from the
/// command line or the admins' page) as <see cref="AuditKinds.ImportCompleted"/> or <see cref="AuditKinds.ImportRejected"/>,
/// a record saved from a form as <c>site.added</c>, <c>site.edited</c> and the like, with the fields it changed.
/// Validation is <see cref="CsvImporter"/>'s, row for row.
/// </summary>
public sealed class DirectoryChanges(CsvImporter importer, SiteDirectory directory, AuditLog audit)
{
    /// <summary>Validates an uploaded file whole, then upserts it; audited either way.</summary>
    /// <exception cref="ImportException">The file was refused; nothing was written.</exception>
    public Task<UpsertCounts> ImportAsync(DirectoryKind kind, string file, byte[] bytes, string actor, CancellationToken ct) =>
        AuditedImportAsync(kind, file, actor, () => importer.ImportAsync(kind, file, bytes, ct), ct);

    /// <summary>Runs one import and audits what it did, or that it was refused (and rethrows the refusal).</summary>
    public async Task<UpsertCounts> AuditedImportAsync(DirectoryKind kind, string file, string actor, Func<Task<UpsertCounts>> import, CancellationToken ct)
    {
        var plural = Plural(kind);
        try
        {
            var counts = await import();
            await audit.WriteAsync(new AuditRecord(AuditKinds.ImportCompleted, $"Imported {plural} from {file}: {counts.Added} new, {counts.Changed} changed, {counts.Unchanged} unchanged",
                Actor: actor, Details: new { kind = plural, file, counts.Added, counts.Changed, counts.Unchanged }), ct);
            return counts;
        }
        catch (ImportException ex)
        {
            await audit.WriteAsync(new AuditRecord(AuditKinds.ImportRejected, $"Import of {plural} from {file} rejected; nothing written",
                Actor: actor, Details: new { kind = plural, file, error = ex.Message }), ct);
            throw;
        }
    }

    /// <summary>
    /// Adds or changes one record from a form's fields (<see cref="CsvImporter.FormColumns"/>), validated as a row of its
    /// file; a change is audited with the fields it changed, before and after (contact addresses masked).
    /// </summary>
    /// <exception cref="ImportException">A field is not valid; nothing was written.</exception>
    public async Task<SaveOutcome> SaveAsync(DirectoryKind kind, IReadOnlyDictionary<string, string> fields, string actor, CancellationToken ct)
    {
        var id = (fields.GetValueOrDefault("id") ?? string.Empty).Trim();
        var siteId = (fields.GetValueOrDefault("site_id") ?? string.Empty).Trim();
        var before = await StoredFieldsAsync(kind, id, siteId, ct);
        var counts = await importer.SaveAsync(kind, fields, ct);
        var noun = kind.ToString().ToLowerInvariant();
        var name = (fields.GetValueOrDefault("name") ?? string.Empty).Trim();
        if (counts.Added + counts.Changed == 0)
        {
            return new SaveOutcome(counts, $"{noun} {id} is already as given; nothing changed");
        }

        var after = await StoredFieldsAsync(kind, id, siteId, ct) ?? new Dictionary<string, string>();
        var changed = after.Where(kv => before is null || before.GetValueOrDefault(kv.Key) != kv.Value)
            .Select(kv => new { field = kv.Key, before = Shown(kv.Key, before?.GetValueOrDefault(kv.Key)), after = Shown(kv.Key, kv.Value) })
            .ToList();
        var added = counts.Added > 0;
        var message = $"{char.ToUpperInvariant(noun[0])}{noun[1..]} {id} ({name}) {(added ? "added" : "edited")}"
            + (added ? string.Empty : $": {string.Join(", ", changed.Select(c => c.field))} changed")
            + (counts.StillRemoved > 0 ? "; it was removed and stays removed" : string.Empty);
        await audit.WriteAsync(new AuditRecord(KindOf(kind, added), message,
            SiteId: kind == DirectoryKind.Site ? id : kind == DirectoryKind.Recipient ? siteId : null,
            OfficerId: kind == DirectoryKind.Officer ? id : null,
            Actor: actor,
            Details: new { kind = noun, id, name, changed }), ct);
        return new SaveOutcome(counts, message);
    }

    private async Task<IReadOnlyDictionary<string, string>?> StoredFieldsAsync(DirectoryKind kind, string id, string siteId, CancellationToken ct)
    {
        if (id.Length == 0)
        {
            return null;
        }

        switch (kind)
        {
            case DirectoryKind.Site:
                return await directory.GetSiteAsync(id, ct) is { } site ? CsvImporter.FieldsOf(site) : null;
            case DirectoryKind.Officer:
                return await directory.GetOfficerAsync(id, ct) is { } officer ? CsvImporter.FieldsOf(officer) : null;
            default:
                if (siteId.Length == 0)
                {
                    return null;
                }

                var found = await directory.GetRecipientsAsync(siteId, [id], ct);
                return found.Count == 1 ? CsvImporter.FieldsOf(found[0]) : null;
        }
    }

    /// <summary>An address as the audit trail may keep it: a webhook URL by its host only (phones and e-mail are masked by the log).</summary>
    private static string? Shown(string field, string? value) => field == "address" ? Masking.Mask(value) : value;

    private static string KindOf(DirectoryKind kind, bool added) => (kind, added) switch
    {
        (DirectoryKind.Site, true) => AuditKinds.SiteAdded,
        (DirectoryKind.Site, false) => AuditKinds.SiteEdited,
        (DirectoryKind.Recipient, true) => AuditKinds.RecipientAdded,
        (DirectoryKind.Recipient, false) => AuditKinds.RecipientEdited,
        (_, true) => AuditKinds.OfficerAdded,
        _ => AuditKinds.OfficerEdited,
    };

    /// <summary>How an import names its kind: sites, recipients, officers.</summary>
    public static string Plural(DirectoryKind kind) => kind.ToString().ToLowerInvariant() + "s";
}

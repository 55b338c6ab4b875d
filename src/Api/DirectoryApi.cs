using System.Globalization;
using HeatRelief.Sites;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// The admins' management of the directory from the dashboard, shared by both hosts: list one kind of record, upload a
/// whole CSV file (validated as <c>./run.sh import</c> validates it), add or edit one record from a form (validated as a
/// row of that file), and activate, deactivate or remove one record (as <c>./run.sh deactivate</c> does). Every change
/// is audited with the admin's name. Admin role only. The kind in the path is <c>site</c>, <c>recipient</c> or <c>officer</c>.
/// </summary>
public sealed class DirectoryApi(AdminApi admin, DirectoryChanges changes, DirectoryLifecycle lifecycle, SiteDirectory directory)
{
    /// <summary>
    /// The largest file the page may upload. Smaller than the command line's limit: a request holds the whole file in
    /// memory, and hosts bound request bodies (Kestrel at 30 MB). A bigger file is imported with <c>./run.sh import</c>.
    /// </summary>
    public const int MaxUploadBytes = 10 * 1024 * 1024;

    /// <summary>The most records one list answers with; <c>q</c> narrows it.</summary>
    public const int MaxListed = 200;

    /// <summary><c>GET /api/manage/directory/{kind}/records?q=</c>: the records of a kind whose id or name contains q (up to 200), with the form's columns.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, string kind, CancellationToken ct)
    {
        if (Refuse(request, kind, out _, out var directoryKind) is { } refused)
        {
            return refused;
        }

        var q = request.Query["q"].ToString().Trim();
        if (q.Length > 200)
        {
            return Problems.BadRequest("q must be at most 200 characters");
        }

        IEnumerable<(IReadOnlyDictionary<string, string> Fields, bool Active, bool Removed)> records = directoryKind switch
        {
            DirectoryKind.Site => (await directory.ListSitesAsync(ct)).Select(s => (CsvImporter.FieldsOf(s), s.Active, s.Removed)),
            DirectoryKind.Recipient => (await directory.ListRecipientsAsync(ct)).Select(r => (CsvImporter.FieldsOf(r), r.Active, r.Removed)),
            _ => (await directory.ListOfficersAsync(ct)).Select(o => (CsvImporter.FieldsOf(o), o.Active, o.Removed)),
        };
        var matching = records
            .Where(r => q.Length == 0 || r.Fields["id"].Contains(q, StringComparison.OrdinalIgnoreCase) || r.Fields["name"].Contains(q, StringComparison.OrdinalIgnoreCase)
                || (r.Fields.TryGetValue("site_id", out var site) && site.Contains(q, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(r => r.Removed).ThenBy(r => r.Fields.GetValueOrDefault("site_id"), StringComparer.Ordinal).ThenBy(r => r.Fields["id"], StringComparer.Ordinal)
            .ToList();
        return Results.Json(new
        {
            kind,
            columns = CsvImporter.FormColumns(directoryKind),
            total = matching.Count,
            records = matching.Take(MaxListed).Select(r => new { fields = r.Fields, active = r.Active, removed = r.Removed }),
        });
    }

    /// <summary>
    /// <c>POST /api/manage/directory/{kind}/import?file=NAME</c>, the CSV file as the body: validated whole, then upserted;
    /// a refusal lists each problem (<c>errors</c>: line, column, problem) and writes nothing.
    /// </summary>
    public async Task<IResult> ImportAsync(HttpRequest request, string kind, CancellationToken ct)
    {
        if (Refuse(request, kind, out var actor, out var directoryKind) is { } refused)
        {
            return refused;
        }

        var file = FileName(request.Query["file"].ToString(), directoryKind);
        if (request.ContentLength > MaxUploadBytes)
        {
            return TooLarge(file, request.ContentLength.Value);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxUploadBytes)
            {
                return TooLarge(file, buffer.Length);
            }
        }

        try
        {
            var counts = await changes.ImportAsync(directoryKind, file, buffer.ToArray(), actor, ct);
            return Results.Json(new { kind, file, counts.Added, counts.Changed, counts.Unchanged, counts.StillRemoved });
        }
        catch (ImportException ex)
        {
            return Refusal(ex);
        }
    }

    /// <summary><c>POST /api/manage/directory/{kind}/save</c>, <c>{"fields": {...}}</c>: adds or changes one record, validated as a row of its file.</summary>
    public async Task<IResult> SaveAsync(HttpRequest request, string kind, CancellationToken ct)
    {
        if (Refuse(request, kind, out var actor, out var directoryKind) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await RequestBodies.ReadAsync<SaveBody>(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Fields is null)
        {
            return Problems.BadRequest("fields is required: an object of the record's fields by column name");
        }

        try
        {
            var outcome = await changes.SaveAsync(directoryKind, body.Fields, actor, ct);
            return Results.Json(new { kind, id = body.Fields.GetValueOrDefault("id")?.Trim(), outcome.Changed, outcome.Counts.Added, outcome.Message });
        }
        catch (ImportException ex)
        {
            return Refusal(ex);
        }
    }

    /// <summary>
    /// <c>POST /api/manage/directory/{kind}/state</c>, <c>{"id": "...", "action": "activate|deactivate|remove"}</c>: one
    /// record's lifecycle, as the command line changes it; a removed record stays stored, so its history still names it.
    /// </summary>
    public async Task<IResult> ChangeAsync(HttpRequest request, string kind, CancellationToken ct)
    {
        if (Refuse(request, kind, out var actor, out var directoryKind) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await RequestBodies.ReadAsync<StateBody>(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        LifecycleAction? action = body!.Action switch
        {
            "activate" => LifecycleAction.Activate,
            "deactivate" => LifecycleAction.Deactivate,
            "remove" => LifecycleAction.Remove,
            _ => null,
        };
        if (action is null)
        {
            return Problems.BadRequest("action must be activate, deactivate or remove");
        }

        if (string.IsNullOrWhiteSpace(body.Id) || body.Id.Length > 200)
        {
            return Problems.BadRequest("id is required (at most 200 characters)");
        }

        try
        {
            var outcome = await lifecycle.ChangeAsync(directoryKind, body.Id.Trim(), action.Value, actor, ct);
            return Results.Json(new { kind, id = body.Id.Trim(), action = body.Action, outcome.Changed, outcome.Message });
        }
        catch (DirectoryException ex)
        {
            return Problems.NotFound(ex.Message, ex.Code is { } code ? new Dictionary<string, object?> { ["code"] = code.ToWire(), ["args"] = ex.Args } : null);
        }
    }

    /// <summary>The admin check and the kind of the path; null when both are good.</summary>
    private IResult? Refuse(HttpRequest request, string kind, out string actor, out DirectoryKind directoryKind)
    {
        actor = string.Empty;
        directoryKind = default;
        if (admin.RequireAdmin(request, out var caller) is { } refused)
        {
            return refused;
        }

        actor = $"admin:{caller!.Name}";
        switch (kind)
        {
            case "site":
                directoryKind = DirectoryKind.Site;
                return null;
            case "recipient":
                directoryKind = DirectoryKind.Recipient;
                return null;
            case "officer":
                directoryKind = DirectoryKind.Officer;
                return null;
            default:
                return Problems.NotFound($"unknown kind '{(kind.Length > 40 ? kind[..40] + "..." : kind)}': expected site, recipient or officer");
        }
    }

    /// <summary>The uploaded file's name as errors and the audit trail show it: its last segment, printable, short; the kind's file by default.</summary>
    private static string FileName(string given, DirectoryKind kind)
    {
        var name = given.Replace('\\', '/').Split('/')[^1].Trim();
        name = new string([.. name.Where(c => !char.IsControl(c))]);
        return name.Length == 0 ? $"{DirectoryChanges.Plural(kind)}.csv" : name.Length > 100 ? name[..100] : name;
    }

    /// <summary>A 413 that names its one problem as an import refusal does, for the page to show it the same way.</summary>
    private static IResult TooLarge(string file, long bytes)
    {
        var error = new ImportError(0, string.Empty, ProblemCode.UploadTooLarge, new Dictionary<string, string>
        {
            ["limit"] = MaxUploadBytes.ToString("N0", CultureInfo.InvariantCulture),
            ["bytes"] = bytes.ToString("N0", CultureInfo.InvariantCulture),
        });
        return Problems.TooLarge($"{file}: {error.Problem}", Listed([error]));
    }

    private static IResult Refusal(ImportException ex) => Problems.BadRequest(ex.Message, Listed(ex.Errors));

    /// <summary>
    /// The problems one by one: line, column, code and its arguments (for the page to word them in its language) and
    /// the English problem (for other clients).
    /// </summary>
    private static Dictionary<string, object?> Listed(IReadOnlyList<ImportError> errors) => new()
    {
        ["errors"] = errors.Take(500).Select(e => new { line = e.Line, column = e.Column, code = e.Code.ToWire(), args = e.Args, problem = e.Problem }).ToList(),
        ["errorCount"] = errors.Count,
    };

    /// <summary>The body of <c>POST /api/manage/directory/{kind}/save</c>: the form's fields by column name.</summary>
    public sealed record SaveBody
    {
        public required Dictionary<string, string> Fields { get; init; }
    }

    /// <summary>The body of <c>POST /api/manage/directory/{kind}/state</c>.</summary>
    public sealed record StateBody
    {
        public required string Id { get; init; }

        public required string Action { get; init; }
    }
}

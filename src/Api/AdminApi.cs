using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Heat;
using HeatRelief.Review;
using HeatRelief.Sites;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HeatRelief.Api;

/// <summary>
/// The admin API, shared by both hosts: the audit trail (paged JSON and streamed CSV), the campaign day
/// summary, today's sites with their level and visit, and the poison queues with replay and discard. Admin role only.
/// </summary>
public sealed class AdminApi(IPrincipalReader principals, AuditQuery audit, AuditCsv csv, CampaignSummary summary, PoisonQueueService poison, SiteDirectory directory, VisitStore visits)
{
    public IResult Me(HttpRequest request) =>
        RequireAdmin(request, out var caller) ?? Results.Json(new { name = caller!.Name, roles = caller.Roles.Order(StringComparer.Ordinal) });

    public async Task<IResult> AuditAsync(HttpRequest request, CancellationToken ct)
    {
        if (RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        if (Filter(request.Query, out var filter) is { } bad)
        {
            return bad;
        }

        try
        {
            var page = await audit.QueryAsync(filter!, ct);
            return Results.Json(new { records = page.Records, continuationToken = page.ContinuationToken });
        }
        catch (ReviewValidationException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }

    public IResult AuditCsv(HttpRequest request)
    {
        if (RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        return Filter(request.Query, out var filter) ?? new CsvExport(csv, filter!, audit.Today());
    }

    public async Task<IResult> SummaryAsync(HttpRequest request, CancellationToken ct)
    {
        if (RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        if (Date(request.Query, "date", out var date) is { } bad)
        {
            return bad;
        }

        var day = await summary.GetAsync(date ?? audit.Today(), ct);
        return Results.Json(new
        {
            date = Alert.DateKeyOf(day.Date),
            sitesByLevel = day.Sites.CountBy(s => s.Level.ToWire()).ToDictionary(),
            sites = day.Sites.Select(s => new { s.SiteId, level = s.Level.ToWire(), s.Cleared }),
            alertsByKind = day.AlertsByKind.ToDictionary(kv => kv.Key.ToString().ToLowerInvariant(), kv => kv.Value),
            deliveriesByStatus = day.DeliveriesByStatus.ToDictionary(kv => kv.Key.ToString().ToLowerInvariant(), kv => kv.Value),
            deliveriesByChannel = day.DeliveriesByChannel,
            visitsByStatus = day.VisitsByStatus.ToDictionary(kv => kv.Key.ToWire(), kv => kv.Value),
            day.VisitsCompleted,
            day.WorkersReached,
            day.WaterLitres,
            day.SoupLitres,
            day.MedicineKits,
            acknowledgements = new { asked = day.AcksAsked, answered = day.AcksAnswered, rate = day.AckRate, medianMinutesToAnswer = day.MedianMinutesToAnswer },
        });
    }

    /// <summary>
    /// Every site with its highest level of the day and its visit (officer by id and name), and every officer by id
    /// and name, for the dashboard's list, map and audit log (names only: no phone or address).
    /// </summary>
    public async Task<IResult> SitesAsync(HttpRequest request, CancellationToken ct)
    {
        if (RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        if (Date(request.Query, "date", out var date) is { } bad)
        {
            return bad;
        }

        var day = date ?? audit.Today();
        var levels = (await summary.SiteLevelsAsync(day, ct)).ToDictionary(s => s.SiteId, StringComparer.Ordinal);
        var visitsBySite = (await visits.ListAsync(Alert.DateKeyOf(day), [], ct)).ToDictionary(v => v.Value.SiteId, StringComparer.Ordinal);
        var officers = await directory.ListOfficersAsync(ct);
        var officerNames = officers.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        var managed = (await directory.ListRecipientsAsync(ct)).Where(r => r.Active && r.IsManager).Select(r => r.SiteId).ToHashSet(StringComparer.Ordinal);
        var sites = (await directory.ListSitesAsync(ct))
            .Where(s => !s.Removed)
            .Select(s =>
            {
                var level = levels.TryGetValue(s.Id, out var l) && !l.Cleared ? l.Level : HeatLevel.None;
                var visit = visitsBySite.TryGetValue(s.Id, out var v) ? v.Value : null;
                return new
                {
                    s.Id,
                    s.Name,
                    s.District,
                    s.Latitude,
                    s.Longitude,
                    s.OutdoorWorkers,
                    s.Active,
                    HasManager = managed.Contains(s.Id),
                    Level = level.ToWire(),
                    Visit = visit is null ? null : new
                    {
                        visit.Id,
                        Status = visit.Status.ToWire(),
                        visit.OfficerId,
                        OfficerName = visit.OfficerId is { } officerId && officerNames.TryGetValue(officerId, out var name) ? name : null,
                        visit.AcceptBy,
                    },
                    Rank = (int)level,
                };
            })
            .OrderByDescending(s => s.Rank).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        return Results.Json(new
        {
            date = Alert.DateKeyOf(day),
            sites,
            officers = officers.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => new { o.Id, o.Name, o.Removed }),
        });
    }

    public async Task<IResult> PoisonAsync(HttpRequest request, CancellationToken ct)
    {
        if (RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        return Results.Json(new { messages = await poison.ListAsync(ct: ct) });
    }

    public Task<IResult> ReplayAsync(HttpRequest request, string queue, CancellationToken ct) =>
        PoisonActionAsync(request, queue, async (messageId, actor) =>
            await poison.ReplayAsync(queue, messageId, actor, ct) == ReplayResult.Replayed
                ? Results.Json(new { queue, messageId, replayed = true })
                : null, ct);

    /// <summary><c>POST /api/manage/poison/{queue}/discard</c>: deletes one poison message for good (its body stays in the audit record).</summary>
    public Task<IResult> DiscardAsync(HttpRequest request, string queue, CancellationToken ct) =>
        PoisonActionAsync(request, queue, async (messageId, actor) =>
            await poison.DiscardAsync(queue, messageId, actor, ct)
                ? Results.Json(new { queue, messageId, discarded = true })
                : null, ct);

    /// <summary>The admin check and the <c>{"messageId": ...}</c> body a poison action takes; null from <paramref name="act"/> means not found.</summary>
    private async Task<IResult> PoisonActionAsync(HttpRequest request, string queue, Func<string, string, Task<IResult?>> act, CancellationToken ct)
    {
        if (RequireAdmin(request, out var caller) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await RequestBodies.ReadAsync<ReplayBody>(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.MessageId) || body.MessageId.Length > 100)
        {
            return Problems.BadRequest("messageId is required");
        }

        try
        {
            return await act(body.MessageId, $"admin:{caller!.Name}")
                ?? Problems.NotFound($"no message '{body.MessageId}' on the poison queue of '{queue}'");
        }
        catch (ReviewValidationException ex)
        {
            return Problems.NotFound(ex.Message);
        }
    }

    /// <summary>Null when the caller is an admin; otherwise 401 or 403.</summary>
    public IResult? RequireAdmin(HttpRequest request, out Caller? caller)
    {
        var signIn = principals.Read(request);
        caller = signIn.Caller;
        if (caller is null)
        {
            return Problems.Unauthorized(signIn.Problem ?? "sign in first");
        }

        return caller.IsAdmin ? null : Problems.Forbidden("this needs the admin role");
    }

    private static IResult? Filter(IQueryCollection query, out AuditFilter? filter)
    {
        filter = null;
        if (Date(query, "from", out var from) is { } badFrom)
        {
            return badFrom;
        }

        if (Date(query, "to", out var to) is { } badTo)
        {
            return badTo;
        }

        int? pageSize = null;
        if (One(query, "pageSize") is { } size)
        {
            if (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return Problems.BadRequest("pageSize must be a whole number");
            }

            pageSize = n;
        }

        foreach (var name in new[] { "kind", "site", "officer", "q", "continuationToken" })
        {
            if (query.TryGetValue(name, out var values) && (values.Count > 1 || values.ToString().Length > 2000))
            {
                return Problems.BadRequest($"{name} must be given once, at most 2000 characters");
            }
        }

        filter = new AuditFilter(from, to, One(query, "kind"), One(query, "site"), One(query, "officer"), One(query, "q"), pageSize, One(query, "continuationToken"));
        return null;
    }

    private static IResult? Date(IQueryCollection query, string name, out DateOnly? date)
    {
        date = null;
        if (One(query, name) is not { } text)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return Problems.BadRequest($"{name} must be a date, yyyy-MM-dd");
        }

        date = parsed;
        return null;
    }

    private static string? One(IQueryCollection query, string name) =>
        query.TryGetValue(name, out StringValues values) && !StringValues.IsNullOrEmpty(values) && values.ToString() is { Length: > 0 } v ? v : null;

    /// <summary>The body of <c>POST /api/manage/poison/{queue}/replay</c> and <c>.../discard</c>.</summary>
    public sealed record ReplayBody
    {
        public required string MessageId { get; init; }
    }

    /// <summary>
    /// Streams the CSV page by page; a bad filter found before the first byte is still a 400 problem. The file is
    /// named for its days as the query reads them (to defaults to today, from to to): heatrelief-audit-FROM_TO.csv.
    /// </summary>
    private sealed class CsvExport(AuditCsv csv, AuditFilter filter, DateOnly today) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.ContentType = "text/csv; charset=utf-8";
            var to = filter.To ?? today;
            var from = filter.From ?? to;
            response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"attachment; filename=\"heatrelief-audit-{from:yyyy-MM-dd}_{to:yyyy-MM-dd}.csv\"");
            // Not disposed on a refusal: disposing would write the byte order mark and start the response.
            var writer = new StreamWriter(response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
            try
            {
                await csv.WriteAsync(filter, writer, context.RequestAborted);
            }
            catch (ReviewValidationException ex) when (!response.HasStarted)
            {
                response.Headers.ContentDisposition = default;
                await Problems.BadRequest(ex.Message).ExecuteAsync(context);
                return;
            }

            await writer.DisposeAsync();
        }
    }
}

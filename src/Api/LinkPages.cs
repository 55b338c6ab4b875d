using System.Globalization;
using System.Net;
using System.Text;
using HeatRelief.Assignments;
using HeatRelief.Sites;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// The pages behind one-tap links. Opening a link (GET) only shows what it will do, so a link preview or
/// a scanner cannot act; the button posts back. A tampered, expired, reused or superseded link gets a page
/// saying so, and nothing changes. A used link is recorded, so it acts at most once.
/// </summary>
public sealed class LinkPages(ActionLinks links, AssignmentStore store, AssignmentActions actions, VisitNotifier notifier, SiteDirectory directory, TimeProvider time)
{
    public async Task<IResult> ShowAsync(string token, CancellationToken ct)
    {
        var (link, visit, refusal) = await CheckAsync(token, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Page(StatusCodes.Status400BadRequest, refusal.Title, refusal.Detail);
        }

        var a = visit!.Value;
        var site = await directory.GetSiteAsync(a.SiteId, ct).ConfigureAwait(false);
        var summary = Summary(a, site);
        var form = new StringBuilder();
        form.Append("<form method=\"post\">");
        switch (link!.Action)
        {
            case LinkAction.Accept:
                form.Append("<button type=\"submit\">Accept this visit / 接受任务</button>");
                break;
            case LinkAction.Decline:
                form.Append("<label>Reason / 原因<br><input name=\"reason\" maxlength=\"500\" required value=\"Not available / 无法前往\"></label><br>")
                    .Append("<button type=\"submit\">Decline this visit / 拒绝任务</button>");
                break;
            case LinkAction.Complete:
                form.Append(Number("workersReached", "Workers reached / 慰问人数", a.OutdoorWorkers.ToString(CultureInfo.InvariantCulture), "1"))
                    .Append(Number("waterLitres", "Water, litres / 饮用水（升）", a.Plan.WaterLitres.ToString(CultureInfo.InvariantCulture), "0.1"))
                    .Append(Number("soupLitres", "Mung-bean soup, litres / 绿豆汤（升）", a.Plan.SoupLitres.ToString(CultureInfo.InvariantCulture), "0.1"))
                    .Append(Number("medicineKits", "Medicine kits / 防暑药箱", a.Plan.MedicineKits.ToString(CultureInfo.InvariantCulture), "1"))
                    .Append("<label>Notes / 备注<br><textarea name=\"notes\" maxlength=\"2000\"></textarea></label><br>")
                    .Append("<button type=\"submit\">Report the visit done / 提交完成</button>");
                break;
        }

        form.Append("</form>");
        return Page(StatusCodes.Status200OK, Title(link.Action), summary, form.ToString());
    }

    public async Task<IResult> ActAsync(HttpRequest request, string token, CancellationToken ct)
    {
        var (link, visit, refusal) = await CheckAsync(token, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Page(StatusCodes.Status400BadRequest, refusal.Title, refusal.Detail);
        }

        var (form, unreadable) = await RequestBodies.ReadFormAsync(request, ct).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return Page(StatusCodes.Status400BadRequest, "Nothing was changed", $"The form could not be read ({unreadable}). Open the link again and use its button.");
        }

        var actor = new Actor($"officer:{link!.OfficerId} (link)", link.OfficerId);
        ActionOutcome outcome;
        switch (link.Action)
        {
            case LinkAction.Accept:
                outcome = await actions.AcceptAsync(link.AssignmentId, actor, ct).ConfigureAwait(false);
                break;
            case LinkAction.Decline:
                outcome = await actions.DeclineAsync(link.AssignmentId, form["reason"].ToString() is { Length: > 0 } reason ? reason : "declined by link", actor, ct).ConfigureAwait(false);
                break;
            default:
                if (!TryReport(form, out var report, out var problem))
                {
                    return Page(StatusCodes.Status400BadRequest, "Please check the numbers", problem);
                }

                outcome = await actions.CompleteAsync(link.AssignmentId, report, actor, ct).ConfigureAwait(false);
                break;
        }

        if (outcome.Kind != ActionResultKind.Done)
        {
            return Page(outcome.Kind == ActionResultKind.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, "Nothing was changed", outcome.Detail);
        }

        await store.MarkLinkUsedAsync(link.AssignmentId, link.Fingerprint, link.Action.ToString().ToLowerInvariant(), time.GetUtcNow(), ct).ConfigureAwait(false);
        var extra = link.Action == LinkAction.Accept
            ? $"<p><a href=\"{Html(notifier.CompleteUrl(visit!.Value, link.OfficerId, time.GetUtcNow()))}\">When the visit is done, report it here / 完成后在此登记</a></p>"
            : string.Empty;
        return Page(StatusCodes.Status200OK, Done(link.Action), $"Visit {link.AssignmentId}: {outcome.Detail}.", extra);
    }

    /// <summary>The link, the visit it names, or why it cannot be used: bad signature, expired, used, or no longer this officer's.</summary>
    private async Task<(ActionLink? Link, StoredAssignment? Visit, LinkRefusal? Refusal)> CheckAsync(string token, CancellationToken ct)
    {
        var (link, refusal) = links.Verify(token);
        if (refusal is not null)
        {
            return (null, null, refusal);
        }

        if (await store.IsLinkUsedAsync(link!.AssignmentId, link.Fingerprint, ct).ConfigureAwait(false))
        {
            return (null, null, new LinkRefusal("This link was already used", "Each link works once. Nothing was changed."));
        }

        var visit = await store.GetAsync(link.AssignmentId, ct).ConfigureAwait(false);
        if (visit is null || visit.Value.OfficerId != link.OfficerId)
        {
            return (null, null, new LinkRefusal("This visit is no longer yours", "The visit was given to another officer or removed. Nothing was changed."));
        }

        return (link, visit, null);
    }

    private static bool TryReport(IFormCollection form, out VisitReport report, out string problem)
    {
        report = new VisitReport(0, 0, 0, 0, null);
        problem = string.Empty;
        if (!int.TryParse(form["workersReached"], NumberStyles.None, CultureInfo.InvariantCulture, out var workers)
            || !double.TryParse(form["waterLitres"], NumberStyles.Float, CultureInfo.InvariantCulture, out var water)
            || !double.TryParse(form["soupLitres"], NumberStyles.Float, CultureInfo.InvariantCulture, out var soup)
            || !int.TryParse(form["medicineKits"], NumberStyles.None, CultureInfo.InvariantCulture, out var kits))
        {
            problem = "Workers reached, water, soup and medicine kits must be numbers.";
            return false;
        }

        report = new VisitReport(workers, water, soup, kits, form["notes"].ToString() is { Length: > 0 } notes ? notes : null);
        if (AssignmentActions.ReportProblem(report) is { } invalid)
        {
            problem = invalid;
            return false;
        }

        return true;
    }

    private static string Summary(Assignment a, Site? site) => string.Create(CultureInfo.InvariantCulture,
        $"{site?.Name ?? a.SiteId} ({site?.District}), {a.DateKey}: {Heat.HeatNames.ToWire(a.Level)} heat, {a.OutdoorWorkers} outdoor workers. Bring {a.Plan.WaterLitres:0.#} L water, {a.Plan.SoupLitres:0.#} L mung-bean soup, {a.Plan.MedicineKits} medicine kits.");

    private static string Title(LinkAction action) => action switch
    {
        LinkAction.Accept => "Accept a cooling-relief visit / 接受夏送清凉任务",
        LinkAction.Decline => "Decline a cooling-relief visit / 拒绝夏送清凉任务",
        _ => "Report a visit done / 登记完成情况",
    };

    private static string Done(LinkAction action) => action switch
    {
        LinkAction.Accept => "Accepted. Thank you! / 已接受，谢谢！",
        LinkAction.Decline => "Declined. The visit goes to another officer. / 已拒绝，任务将转派。",
        _ => "Recorded. Thank you! / 已登记，谢谢！",
    };

    private static string Number(string name, string label, string value, string step) =>
        $"<label>{Html(label)}<br><input name=\"{name}\" type=\"number\" min=\"0\" step=\"{step}\" required value=\"{Html(value)}\"></label><br>";

    private static IResult Page(int status, string title, string text, string extraHtml = "") => Results.Content(
        $"<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{Html(title)}</title>"
        + "<style>body{font-family:sans-serif;margin:1.5em;max-width:34em}button{font-size:1.2em;padding:.6em 1em;margin-top:1em}input,textarea{font-size:1.1em;margin:.3em 0}</style></head>"
        + $"<body><h1>{Html(title)}</h1><p>{Html(text)}</p>{extraHtml}</body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}

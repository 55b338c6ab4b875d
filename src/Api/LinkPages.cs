using System.Globalization;
using System.Net;
using System.Text;
using HeatRelief.Acks;
using HeatRelief.Heat;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Sites;
using Microsoft.AspNetCore.Http;
using HeatRelief.Delivery;
using Text = HeatRelief.Api.Bilingual;

namespace HeatRelief.Api;

/// <summary>
/// The pages behind one-tap links, every text in Chinese and English. Opening a link (GET) only shows what it
/// will do, so a link preview or a scanner cannot act; the button posts back. A link that cannot act on the
/// visit as it now stands (completed, accepted, declined, expired, escalated, given to another officer) shows
/// that state and no form; a tampered, expired or reused link gets a page saying so, and nothing changes. A
/// used link is recorded, so it acts at most once. Times are local, with the zone named.
/// </summary>
public sealed class LinkPages(ActionLinkCheck check, VisitActions actions, VisitNotifier notifier, SiteDirectory directory, LocalTimeText localTime, TimeProvider time, AckStore acks)
{
    private static readonly Text NothingChanged = new("未做任何更改。", "Nothing was changed.");

    public async Task<IResult> ShowAsync(string token, CancellationToken ct)
    {
        var (link, visit, refusal) = await CheckAsync(token, ct);
        if (refusal is not null)
        {
            return Page(StatusCodes.Status400BadRequest, refusal.Value.Title, refusal.Value.Lines);
        }

        var a = visit!.Value;
        var site = await directory.GetSiteAsync(a.SiteId, ct);
        if (!CanAct(link!.Action, a.Status))
        {
            return StatePage(StatusCodes.Status409Conflict, link, a, site);
        }

        // The site's answer about its heat measures, which the officer checks on the spot when reporting the visit done.
        var answered = link.Action == LinkAction.Complete && (await acks.GetAsync(a.DateKey, a.SiteId, ct))?.Value is { Latest: not null } ack ? ack : null;
        var form = new StringBuilder();
        form.Append("<form method=\"post\">");
        switch (link.Action)
        {
            case LinkAction.Accept:
                form.Append("<button type=\"submit\">接受任务 / Accept this visit</button>");
                break;
            case LinkAction.Decline:
                form.Append("<label>原因 / Reason<br><input name=\"reason\" maxlength=\"500\" required value=\"无法前往 / Not available\"></label><br>")
                    .Append("<button type=\"submit\">拒绝任务 / Decline this visit</button>");
                break;
            case LinkAction.Complete:
                // Placeholders, not values: the plan is what was asked for, and one tap must not report it as what happened.
                form.Append(Number("workersReached", "慰问人数 / Workers reached", a.OutdoorWorkers, "1"))
                    .Append(Number("waterLitres", "饮用水（升） / Water, litres", a.Plan.WaterLitres, "0.1"))
                    .Append(Number("soupLitres", "绿豆汤（升） / Mung-bean soup, litres", a.Plan.SoupLitres, "0.1"))
                    .Append(Number("medicineKits", "防暑药箱 / Medicine kits", a.Plan.MedicineKits, "1"))
                    .Append("<label>备注 / Notes<br><textarea name=\"notes\" maxlength=\"2000\"></textarea></label><br>")
                    .Append(answered is null ? string.Empty : MatchedQuestion)
                    .Append("<button type=\"submit\">提交完成 / Report the visit done</button>");
                break;
        }

        form.Append("</form>");
        var lines = new List<Text> { Summary(a, site) };
        if (link.Action == LinkAction.Accept && a.AcceptBy is { } by)
        {
            lines.Add(new($"请在{localTime.DateTime(by, "zh")}前确认。", $"Answer by {localTime.DateTime(by, "en")}."));
        }
        else if (link.Action == LinkAction.Complete)
        {
            lines.Add(new("请填写实际慰问人数和发放的物资（灰色数字为计划数）。", "Enter the workers actually reached and the supplies actually handed out (the grey numbers are the plan)."));
            if (answered is not null)
            {
                lines.Add(new(AckText.ForOfficer(answered, localTime, "zh")!, AckText.ForOfficer(answered, localTime, "en")!));
            }
        }

        return Page(StatusCodes.Status200OK, Title(link.Action), lines, form.ToString());
    }

    public async Task<IResult> ActAsync(HttpRequest request, string token, CancellationToken ct)
    {
        var (link, visit, refusal) = await CheckAsync(token, ct);
        if (refusal is not null)
        {
            return Page(StatusCodes.Status400BadRequest, refusal.Value.Title, refusal.Value.Lines);
        }

        var (form, unreadable) = await RequestBodies.ReadFormAsync(request, ct);
        if (unreadable is not null)
        {
            return Page(StatusCodes.Status400BadRequest, new("表单无法读取", "The form could not be read"),
                [new("表单无法读取。请重新打开链接并使用其中的按钮。", $"The form could not be read ({unreadable}). Open the link again and use its button."), NothingChanged]);
        }

        var actor = new Actor($"officer:{link!.OfficerId} (link)", link.OfficerId);
        ActionOutcome outcome;
        switch (link.Action)
        {
            case LinkAction.Accept:
                outcome = await actions.AcceptAsync(link.VisitId, actor, ct);
                break;
            case LinkAction.Decline:
                outcome = await actions.DeclineAsync(link.VisitId, form["reason"].ToString() is { Length: > 0 } reason ? reason : "经链接拒绝，未填原因 / declined by link, no reason given", actor, ct);
                break;
            default:
                if (!TryReport(form, out var report, out var problem))
                {
                    return Page(StatusCodes.Status400BadRequest, new("请检查填写的数字", "Please check the numbers"),
                        [new(ReportProblemZh(problem), problem), NothingChanged]);
                }

                outcome = await actions.CompleteAsync(link.VisitId, report, actor, ct);
                break;
        }

        if (outcome.Kind == ActionResultKind.Invalid)
        {
            return Page(StatusCodes.Status400BadRequest, new("请检查填写的内容", "Please check what you entered"),
                [new(link.Action == LinkAction.Decline ? $"原因须为1至{VisitActions.MaxReasonLength}个字符，且不含控制字符。" : ReportProblemZh(outcome.Detail), outcome.Detail), NothingChanged]);
        }

        if (outcome.Kind != ActionResultKind.Done)
        {
            // Someone or something moved the visit since the page was opened: say where it stands now.
            var now = await check.VisitAsync(link.VisitId, ct);
            if (now is null || now.Value.OfficerId != link.OfficerId)
            {
                var notYours = Refusal(new LinkRefusal(LinkRefusalReason.NotYours));
                return Page(StatusCodes.Status409Conflict, notYours.Title, notYours.Lines);
            }

            return StatePage(StatusCodes.Status409Conflict, link, now.Value, await directory.GetSiteAsync(now.Value.SiteId, ct));
        }

        await check.MarkUsedAsync(link, ct);
        var extra = link.Action == LinkAction.Accept
            ? $"<p><a href=\"{Html(notifier.CompleteUrl(visit!.Value, link.OfficerId, time.GetUtcNow()))}\">完成后在此登记 / When the visit is done, report it here</a></p>"
            : string.Empty;
        return Page(StatusCodes.Status200OK, Done(link.Action), [new($"任务 {link.VisitId}：{DoneZh(link.Action)}。", $"Visit {link.VisitId}: {outcome.Detail}.")], extra);
    }

    /// <summary>Whether a link's action is legal from the visit's state (the state machine on <see cref="Visit"/>).</summary>
    public static bool CanAct(LinkAction action, VisitStatus status) => action switch
    {
        LinkAction.Accept => Visit.IsLegal(VisitMove.Accept, status),
        LinkAction.Decline => Visit.IsLegal(VisitMove.Decline, status),
        _ => Visit.IsLegal(VisitMove.Complete, status),
    };

    /// <summary>The link, the visit it names, or why it cannot be used: bad signature, expired, used, or no longer this officer's.</summary>
    private async Task<(ActionLink? Link, StoredVisit? Visit, (Text Title, IReadOnlyList<Text> Lines)? Refusal)> CheckAsync(string token, CancellationToken ct)
    {
        var (link, refusal) = check.Verify(token);
        if (refusal is not null)
        {
            return (null, null, Refusal(refusal));
        }

        var visit = await check.VisitAsync(link!.VisitId, ct);
        var mine = visit is not null && visit.Value.OfficerId == link.OfficerId;
        if (await check.IsUsedAsync(link, ct))
        {
            var used = Refusal(new LinkRefusal(LinkRefusalReason.Used));
            return (null, null, mine ? (used.Title, [used.Lines[0], State(visit!.Value), NothingChanged]) : used);
        }

        return mine ? (link, visit, null) : (null, null, Refusal(new LinkRefusal(LinkRefusalReason.NotYours)));
    }

    private (Text Title, IReadOnlyList<Text> Lines) Refusal(LinkRefusal refusal) => refusal.Reason switch
    {
        LinkRefusalReason.Expired => (new("此链接已过期", "This link has expired"),
        [
            new($"此链接有效期至{localTime.DateTime(refusal.ValidUntil!.Value, "zh")}。请打开应用或联系工会办公室了解任务的当前状态。",
                $"The link was valid until {localTime.DateTime(refusal.ValidUntil!.Value, "en")}. Open the app or ask the campaign office for the current state of the visit."),
            NothingChanged,
        ]),
        LinkRefusalReason.Used => (new("此链接已使用过", "This link was already used"),
            [new("每个链接只能使用一次。", "Each link works once."), NothingChanged]),
        LinkRefusalReason.NotYours => (new("此任务已不再由您负责", "This visit is no longer yours"),
            [new("此任务已改派给其他干部或已被撤销。", "The visit was given to another officer or removed."), NothingChanged]),
        _ => (new("此链接无效", "This link is not valid"),
            [new("链接已损坏或被改动。请使用通知中的链接，或联系工会办公室。", "The link is damaged or was altered. Use the link from your notification, or ask the campaign office."), NothingChanged]),
    };

    /// <summary>A page for a link that cannot act on the visit as it now stands: the state, and no form.</summary>
    private IResult StatePage(int status, ActionLink link, Visit a, Site? site)
    {
        var lines = new List<Text> { State(a), Summary(a, site) };
        if (link.Action == LinkAction.Complete && a.Status == VisitStatus.Assigned)
        {
            lines.Add(new("请先接受任务，再登记完成情况。", "Accept the visit first, then report it done."));
        }

        lines.Add(NothingChanged);
        return Page(status, StateTitle(a.Status), lines);
    }

    private static Text StateTitle(VisitStatus status) => status switch
    {
        VisitStatus.Completed => new("任务已完成", "This visit is completed"),
        VisitStatus.Accepted => new("任务已接受", "This visit is accepted"),
        VisitStatus.Declined => new("任务已拒绝", "This visit was declined"),
        VisitStatus.Expired => new("确认已超时", "The time to answer ran out"),
        VisitStatus.Escalated => new("任务已转交人工安排", "This visit was passed to the campaign office"),
        VisitStatus.Assigned => new("任务尚未接受", "This visit is not accepted yet"),
        _ => new("任务正在安排", "This visit is being arranged"),
    };

    /// <summary>Where the visit stands, as the officer holding the link reads it.</summary>
    private Text State(Visit a) => a.Status switch
    {
        VisitStatus.Completed when a.Report is { } r => new(
            string.Create(CultureInfo.InvariantCulture, $"此任务已完成：慰问{r.WorkersReached}人，饮用水{r.WaterLitres:0.#}升，绿豆汤{r.SoupLitres:0.#}升，防暑药箱{r.MedicineKits}个。"),
            string.Create(CultureInfo.InvariantCulture, $"This visit is completed: {r.WorkersReached} workers reached, {r.WaterLitres:0.#} L water, {r.SoupLitres:0.#} L mung-bean soup, {r.MedicineKits} medicine kits.")),
        VisitStatus.Completed => new("此任务已完成。", "This visit is completed."),
        VisitStatus.Accepted => new("您已接受此任务，尚未登记完成。", "You accepted this visit; it is not reported done yet."),
        VisitStatus.Declined => new("此任务已被拒绝，正在转派其他干部。", "This visit was declined and is being offered to another officer."),
        VisitStatus.Expired => new("确认时限已过，任务将转派其他干部。", "The time to answer ran out; the visit goes to another officer."),
        VisitStatus.Escalated => new("此任务已转交工会办公室人工安排。", "This visit was passed to the campaign office to arrange by hand."),
        VisitStatus.Assigned when a.AcceptBy is { } by => new(
            $"此任务正等待您确认（请在{localTime.DateTime(by, "zh")}前确认）。", $"This visit is waiting for your answer (answer by {localTime.DateTime(by, "en")})."),
        VisitStatus.Assigned => new("此任务正等待您确认。", "This visit is waiting for your answer."),
        _ => new("此任务正在安排干部。", "An officer is being found for this visit."),
    };

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

        var said = form["measuresMatched"].ToString();
        if (said is not ("yes" or "no" or ""))
        {
            problem = "measuresMatched must be yes, no or empty (not checked)";
            return false;
        }

        report = new VisitReport(workers, water, soup, kits, form["notes"].ToString() is { Length: > 0 } notes ? notes : null, said.Length == 0 ? null : said == "yes");
        if (VisitActions.ReportProblem(report) is { } invalid)
        {
            problem = invalid;
            return false;
        }

        return true;
    }

    /// <summary>A report's problem (<see cref="VisitActions.ReportProblem"/>, in English, naming the field) in Chinese.</summary>
    private static string ReportProblemZh(string problem) => problem.Split(' ')[0] switch
    {
        "workersReached" => "慰问人数须为0至100000之间的整数。",
        "waterLitres" => "饮用水须为0至100000之间的数字（升）。",
        "soupLitres" => "绿豆汤须为0至100000之间的数字（升）。",
        "medicineKits" => "防暑药箱须为0至10000之间的整数。",
        "notes" => $"备注最多{VisitActions.MaxNotesLength}个字符，且不能含控制字符。",
        "measuresMatched" => "“措施是否一致”只能选一致、不一致或未核实。",
        _ => "慰问人数和药箱须为整数，饮用水和绿豆汤须为数字，都不能为负数或过大。",
    };

    /// <summary>Whether the site's confirmed heat measures matched what the officer saw: yes, no, or not checked (the default).</summary>
    private const string MatchedQuestion =
        "<fieldset><legend>工地确认的防暑措施与现场是否一致 / Did the site's confirmed heat measures match what you saw?</legend>"
        + "<label><input type=\"radio\" name=\"measuresMatched\" value=\"yes\"> 一致 / Matched</label><br>"
        + "<label><input type=\"radio\" name=\"measuresMatched\" value=\"no\"> 不一致 / Did not match</label><br>"
        + "<label><input type=\"radio\" name=\"measuresMatched\" value=\"\" checked> 未核实 / Not checked</label></fieldset>";

    private static Text Summary(Visit a, Site? site) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"{site?.Name ?? a.SiteId}（{site?.District}），{a.DateKey}：高温{AlertText.LevelZh(a.Level)}预警，户外作业{a.OutdoorWorkers}人。计划携带饮用水{a.Plan.WaterLitres:0.#}升、绿豆汤{a.Plan.SoupLitres:0.#}升、防暑药箱{a.Plan.MedicineKits}个。"),
        string.Create(CultureInfo.InvariantCulture,
            $"{site?.Name ?? a.SiteId} ({site?.District}), {a.DateKey}: {a.Level.ToWire()} heat, {a.OutdoorWorkers} outdoor workers. Bring {a.Plan.WaterLitres:0.#} L water, {a.Plan.SoupLitres:0.#} L mung-bean soup, {a.Plan.MedicineKits} medicine kits."));

    private static Text Title(LinkAction action) => action switch
    {
        LinkAction.Accept => new("接受夏送清凉任务", "Accept a cooling-relief visit"),
        LinkAction.Decline => new("拒绝夏送清凉任务", "Decline a cooling-relief visit"),
        _ => new("登记完成情况", "Report a visit done"),
    };

    private static Text Done(LinkAction action) => action switch
    {
        LinkAction.Accept => new("已接受，谢谢！", "Accepted. Thank you!"),
        LinkAction.Decline => new("已拒绝，任务将转派。", "Declined. The visit goes to another officer."),
        _ => new("已登记，谢谢！", "Recorded. Thank you!"),
    };

    private static string DoneZh(LinkAction action) => action switch
    {
        LinkAction.Accept => "已接受",
        LinkAction.Decline => "已拒绝",
        _ => "已完成",
    };

    private static string Number(string name, string label, double planned, string step) => string.Create(CultureInfo.InvariantCulture,
        $"<label>{Html(label)}<br><input name=\"{name}\" type=\"number\" min=\"0\" step=\"{step}\" required placeholder=\"{planned:0.#}\"></label><br>");

    private static IResult Page(int status, Text title, IReadOnlyList<Text> lines, string extraHtml = "") => BilingualPage.Show(status, title, lines, extraHtml);

    private static string Html(string text) => BilingualPage.Html(text);
}

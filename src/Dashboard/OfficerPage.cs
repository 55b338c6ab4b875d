using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Api;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Triggers;
using HeatRelief.Visits;
using HeatRelief.Warnings;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Dashboard;

/// <summary>
/// The signed-in officer's own page, made for a phone: today's and tomorrow's visits (the campaign's local days, zone
/// named), highest level first, each with what to bring, the official warning, the hottest hours, the answer deadline
/// and map links, and buttons that accept, decline and report done through the same API routes and rules as the
/// one-tap links. Every text is in Chinese and English (Chinese shown first; the page's switch remembers the choice).
/// One self-contained page: markup, script and styles come from the embedded <c>officer.html</c>, so it loads nothing
/// from elsewhere. A caller who is not signed in gets the dashboard's sign-in; a signed-in non-officer a refusal page.
/// </summary>
public sealed class OfficerPage(IPrincipalReader principals, VisitApi api, OfficerVisitReader reader, LocalTimeText localTime, TimeProvider time)
    : IOfficerPage
{
    private const string Body = "<body>";
    private const string Content = "<!--content-->";

    private static readonly string Html = Load();

    /// <summary>The API paths the page posts to, by function name, from the one declaration both hosts use.</summary>
    private static readonly string Routes = JsonSerializer.Serialize(
        new[] { RouteNames.AcceptVisit, RouteNames.DeclineVisit, RouteNames.CompleteVisit, RouteNames.OfficerPage }.ToDictionary(n => n, n => TriggerCatalog.Named(n).Path));

    /// <summary>Where an officer signs in: App Service Authentication in Azure, the development sign-in in the self-host.</summary>
    public string SignInPath => principals is DevelopmentTokens
        ? DevelopmentSignIn.Path
        : $"/.auth/login/aad?post_login_redirect_uri={TriggerCatalog.Named(RouteNames.OfficerPage).Path}";

    public async Task<IResult> ShowAsync(HttpRequest request, CancellationToken ct)
    {
        var signIn = principals.Read(request);
        if (signIn.Caller is not { } caller)
        {
            var lines = new StringBuilder(Line("查看您的慰问任务需要先登录。", "Sign in to see your visits."));
            if (signIn.Problem is not null)
            {
                lines.Append(Line("您的登录已失效或无法验证，请重新登录。", "Your sign-in has expired or could not be checked: sign in again."));
            }

            lines.Append($"<p><a id=\"signin\" class=\"button\" href=\"{Attribute(SignInPath)}\">{T("登录", "Sign in")}</a></p>");
            return Page(StatusCodes.Status401Unauthorized, Refusal(T("请先登录", "Please sign in first"), lines.ToString()));
        }

        if (!caller.IsOfficer)
        {
            var lines = Line($"您已登录为 {caller.Name}，但没有工会干部角色。此页面只列出干部本人的慰问任务。",
                $"You are signed in as {caller.Name}, without the officer role. This page lists an officer's own visits.");
            if (caller.IsAdmin)
            {
                lines += $"<p><a href=\"{Attribute(TriggerCatalog.Named(RouteNames.Dashboard).Path)}\">{T("前往管理面板", "Go to the admin dashboard")}</a></p>";
            }

            return Page(StatusCodes.Status403Forbidden, Refusal(T("此页面仅供工会干部使用", "This page is for union officers"), lines));
        }

        var officers = await api.OfficersSignedInAsAsync(caller.Name, ct);
        if (officers.Count != 1)
        {
            var lines = officers.Count == 0
                ? Line($"没有干部记录使用登录名“{caller.Name}”。请联系工会办公室。", $"No officer record has the sign-in name '{caller.Name}'. Ask the campaign office.")
                : Line($"登录名“{caller.Name}”对应{officers.Count}条干部记录，无法确定您是哪一位。请管理员将登录名设为唯一。",
                    $"The sign-in name '{caller.Name}' belongs to {officers.Count} officer records, so it cannot say which you are. An admin must make sign-in names unique.");
            return Page(StatusCodes.Status403Forbidden, Refusal(T("找不到您的干部记录", "Your officer record was not found"), lines));
        }

        return Page(StatusCodes.Status200OK, await ListAsync(officers[0], ct));
    }

    /// <summary>The officer's visits of today and tomorrow (local days), highest level first, then the later day, then by site.</summary>
    private async Task<string> ListAsync(Officer officer, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(localTime.Local(now).DateTime);
        var tomorrow = today.AddDays(1);
        var cards = new List<(Visit Visit, string Name, string Html)>();
        foreach (var (a, site, alert, ack) in await reader.ReadAsync(officer.Id, today, tomorrow, ct))
        {
            cards.Add((a, site?.Name ?? a.SiteId, Card(a, site, alert, ack, a.Date == today)));
        }

        var zoneZh = localTime.ZoneName(now, "zh");
        var zoneEn = localTime.ZoneName(now, "en");
        var html = new StringBuilder();
        html.Append($"<p id=\"who\">{T("干部：", "Officer: ")}<b>{Encode(officer.Name)}</b></p>");
        html.Append(Line($"今天（{Day(today)}）和明天（{Day(tomorrow)}）的任务，时间均为{zoneZh}。", $"Your visits today ({Day(today)}) and tomorrow ({Day(tomorrow)}); times are {zoneEn}."));
        html.Append("<div id=\"visits\">");
        if (cards.Count == 0)
        {
            html.Append($"<p class=\"empty\">{T("今天和明天没有您的慰问任务。", "You have no visits today or tomorrow.")}</p>");
        }

        foreach (var card in cards.OrderByDescending(c => c.Visit.Level).ThenByDescending(c => c.Visit.Date).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            html.Append(card.Html);
        }

        return html.Append("</div>").ToString();
    }

    private string Card(Visit a, Site? site, Alert? alert, AckCase? ack, bool isToday)
    {
        var name = site?.Name ?? a.SiteId;
        var level = a.Level.ToWire();
        var html = new StringBuilder();
        html.Append($"<article class=\"visit\" data-id=\"{Attribute(a.Id)}\" data-status=\"{a.Status.ToWire()}\" data-level=\"{level}\" data-site=\"{Attribute(name)}\">");
        html.Append($"<h2>{Encode(name)} <span class=\"badge level-{level}\">{T($"高温{AlertText.LevelZh(a.Level)}", $"{Colour(a.Level)} heat")}</span></h2>");
        html.Append($"<p class=\"when\">{T(isToday ? "今天" : "明天", isToday ? "Today" : "Tomorrow")} {Day(a.Date)} · <span class=\"status\">{Status(a.Status)}</span></p>");
        if (site is not null)
        {
            var where = site.Address.Length > 0 ? Encode(site.Address) : T($"坐标 {Coordinates(site)}", $"at {Coordinates(site)}");
            html.Append($"<p class=\"where\">{where} · {Encode(site.District)}</p>");
        }

        if (alert?.Warning is { } w)
        {
            html.Append($"<p class=\"warning\">{Warning(w)}</p>");
        }

        if (ack is not null && !ack.Closed)
        {
            html.Append($"<p class=\"ack\" data-ack=\"{(ack.Latest is null ? "none" : ack.Latest.BreaksRule(ack.Level) ? "breach" : "answered")}\">{Acknowledgement(ack)}</p>");
        }

        html.Append("<dl>");
        Fact(html, T("最热时段", "Hottest hours"), Hottest(alert));
        Fact(html, T("户外作业人数", "Outdoor workers"), a.OutdoorWorkers.ToString(CultureInfo.InvariantCulture));
        Fact(html, T("携带物资", "Bring"), T($"饮用水{Num(a.Plan.WaterLitres)}升、绿豆汤{Num(a.Plan.SoupLitres)}升、防暑药箱{a.Plan.MedicineKits}个",
            $"{Num(a.Plan.WaterLitres)} L drinking water, {Num(a.Plan.SoupLitres)} L mung-bean soup, {a.Plan.MedicineKits} medicine kits"));
        if (a.Status == VisitStatus.Assigned && a.AcceptBy is { } by)
        {
            Fact(html, T("确认期限", "Answer by"), T(localTime.DateTime(by, "zh"), localTime.DateTime(by, "en")));
        }

        if (a.Status == VisitStatus.Completed && a.Report is { } r)
        {
            Fact(html, T("完成情况", "Reported"), T($"慰问{r.WorkersReached}人，饮用水{Num(r.WaterLitres)}升，绿豆汤{Num(r.SoupLitres)}升，防暑药箱{r.MedicineKits}个",
                $"{r.WorkersReached} workers reached, {Num(r.WaterLitres)} L water, {Num(r.SoupLitres)} L mung-bean soup, {r.MedicineKits} medicine kits"));
            if (r.MeasuresMatched is { } matched)
            {
                Fact(html, T("防暑措施核实", "Heat measures checked"), matched
                    ? T("与用人单位确认的一致", "matched what the employer confirmed")
                    : T("与用人单位确认的不一致", "did not match what the employer confirmed"));
            }
        }

        html.Append("</dl>");
        if (site is not null)
        {
            html.Append($"<p class=\"map\"><a class=\"geo\" href=\"{Attribute(GeoUri(site))}\">{T("在地图应用中打开", "Open in a map app")}</a> · "
                + $"<a class=\"amap\" href=\"{Attribute(AmapUrl(site))}\">{T("高德地图", "AMap")}</a></p>");
        }

        html.Append(Actions(a, ack is { Closed: false, Latest: not null }));
        return html.Append("</article>").ToString();
    }

    /// <summary>Whether the heat measures the site confirmed matched what the officer saw: yes, no, or not checked (the default).</summary>
    private static readonly string MatchedQuestion =
        $"<fieldset class=\"matched\"><legend>{T("用人单位确认的防暑措施与现场是否一致？", "Did the site's confirmed heat measures match what you saw?")}</legend>"
        + $"<label><input type=\"radio\" name=\"measuresMatched\" value=\"yes\">{T("一致", "Matched")}</label>"
        + $"<label><input type=\"radio\" name=\"measuresMatched\" value=\"no\">{T("不一致", "Did not match")}</label>"
        + $"<label><input type=\"radio\" name=\"measuresMatched\" value=\"\" checked>{T("未核实", "Not checked")}</label></fieldset>";

    /// <summary>The forms for the moves the visit's state allows (the state machine on <see cref="Visit"/>).</summary>
    private static string Actions(Visit a, bool siteAnswered)
    {
        var html = new StringBuilder("<div class=\"actions\">");
        if (Visit.IsLegal(VisitMove.Accept, a.Status))
        {
            html.Append($"<button type=\"button\" class=\"accept\">{T("接受任务", "Accept")}</button>");
        }

        if (Visit.IsLegal(VisitMove.Complete, a.Status))
        {
            // Placeholders, not values: the plan is what was asked for, and must not be reported as what happened.
            html.Append("<form class=\"complete\" novalidate>")
                .Append($"<p class=\"hint\">{T("请填写实际数量（灰色数字为计划数）。", "Enter what actually happened (the grey numbers are the plan).")}</p>")
                .Append(Number("workersReached", T("慰问人数", "Workers reached"), a.OutdoorWorkers, "1"))
                .Append(Number("waterLitres", T("饮用水（升）", "Water (litres)"), a.Plan.WaterLitres, "0.1"))
                .Append(Number("soupLitres", T("绿豆汤（升）", "Mung-bean soup (litres)"), a.Plan.SoupLitres, "0.1"))
                .Append(Number("medicineKits", T("防暑药箱（个）", "Medicine kits"), a.Plan.MedicineKits, "1"))
                .Append($"<label>{T("备注（可不填）", "Notes (optional)")}<textarea name=\"notes\" maxlength=\"{VisitActions.MaxNotesLength}\" rows=\"2\"></textarea></label>")
                .Append(siteAnswered ? MatchedQuestion : string.Empty)
                .Append($"<button type=\"submit\">{T("登记完成", "Report done")}</button></form>");
        }

        if (Visit.IsLegal(VisitMove.Decline, a.Status))
        {
            html.Append($"<details class=\"decline\"><summary>{T("无法前往？拒绝此任务", "Cannot go? Decline this visit")}</summary><form class=\"decline\" novalidate>")
                .Append($"<label>{T("原因（必填）", "Reason (required)")}<textarea name=\"reason\" maxlength=\"{VisitActions.MaxReasonLength}\" rows=\"2\"></textarea></label>")
                .Append($"<button type=\"submit\">{T("拒绝任务", "Decline")}</button></form></details>");
        }

        return html.Append("</div>").ToString();
    }

    /// <summary>What the site said about its heat measures, or that it has not answered: the officer checks it on the spot.</summary>
    private string Acknowledgement(AckCase ack) => T(AckText.ForOfficer(ack, localTime, "zh")!, AckText.ForOfficer(ack, localTime, "en")!);

    private string Warning(WarningCitation w)
    {
        var zh = $"{w.SenderNameZh}发布高温{WarningAdvice.Colour(w.Level, true)}预警：{w.HeadlineZh}";
        var en = $"{w.SenderNameEn} issued {(w.Level == HeatLevel.Orange ? "an" : "a")} {WarningAdvice.Colour(w.Level, false)} heat warning: {w.HeadlineEn}";
        if (w.Expires is { } until)
        {
            zh += $"（有效至{localTime.DateTime(until, "zh")}）";
            en += $" (until {localTime.DateTime(until, "en")})";
        }

        return T(zh, en);
    }

    private static string Hottest(Alert? alert)
    {
        if (alert?.Grade.HottestWindow is not { } w)
        {
            return T("不明（预报数据不完整）", "unknown (forecast incomplete)");
        }

        var offset = TimeSpan.FromSeconds(alert.UtcOffsetSeconds);
        return T(LocalTimeText.Hours(w.StartText, w.EndText, offset, "zh"), LocalTimeText.Hours(w.StartText, w.EndText, offset, "en"));
    }

    private static string Status(VisitStatus status) => status switch
    {
        VisitStatus.Assigned => T("待您确认", "Waiting for your answer"),
        VisitStatus.Accepted => T("已接受，完成后请登记", "Accepted: report it when done"),
        VisitStatus.Completed => T("已完成", "Completed"),
        VisitStatus.Declined => T("已拒绝，正在转派", "Declined: going to another officer"),
        VisitStatus.Expired => T("确认已超时", "The time to answer ran out"),
        VisitStatus.Escalated => T("已转交工会办公室", "Passed to the campaign office"),
        _ => T("正在安排", "Being arranged"),
    };

    private static string Colour(HeatLevel level) => level switch
    {
        HeatLevel.Red => "Red",
        HeatLevel.Orange => "Orange",
        HeatLevel.Yellow => "Yellow",
        _ => "No",
    };

    /// <summary>An RFC 5870 <c>geo:</c> URI (WGS-84, what phones' map apps expect), with the site's name as the label.</summary>
    public static string GeoUri(Site site) => string.Create(CultureInfo.InvariantCulture,
        $"geo:{site.Latitude:0.######},{site.Longitude:0.######}?q={site.Latitude:0.######},{site.Longitude:0.######}({Uri.EscapeDataString(site.Name)})");

    /// <summary>AMap's marker page for the site, its position converted to GCJ-02 (see <see cref="Gcj02"/>); AMap wants longitude first.</summary>
    public static string AmapUrl(Site site)
    {
        var (lat, lon) = Gcj02.FromWgs84(site.Latitude, site.Longitude);
        return string.Create(CultureInfo.InvariantCulture, $"https://uri.amap.com/marker?position={lon:0.######},{lat:0.######}&name={Uri.EscapeDataString(site.Name)}&src=HeatRelief");
    }

    private static void Fact(StringBuilder html, string term, string value) => html.Append($"<dt>{term}</dt><dd>{value}</dd>");

    private static string Number(string name, string label, double planned, string step) => string.Create(CultureInfo.InvariantCulture,
        $"<label>{label}<input name=\"{name}\" type=\"number\" inputmode=\"decimal\" min=\"0\" step=\"{step}\" placeholder=\"{planned:0.#}\"></label>");

    private static string Refusal(string title, string lines) => $"<h2>{title}</h2>{lines}";

    /// <summary>A paragraph in both languages.</summary>
    private static string Line(string zh, string en) => $"<p>{T(zh, en)}</p>";

    /// <summary>One text in both languages; the page shows the one its switch picks.</summary>
    private static string T(string zh, string en) => $"<span lang=\"zh\">{Encode(zh)}</span><span lang=\"en\">{Encode(en)}</span>";

    private static string Coordinates(Site site) => string.Create(CultureInfo.InvariantCulture, $"{site.Latitude:0.0000}, {site.Longitude:0.0000}");

    private static string Day(DateOnly date) => Alert.DateKeyOf(date);

    private static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Attribute(string value) => WebUtility.HtmlEncode(value);

    private static IResult Page(int status, string content)
    {
        var at = Html.IndexOf(Body, StringComparison.Ordinal);
        var page = string.Concat(Html.AsSpan(0, at), $"<body data-routes=\"{Attribute(Routes)}\">", Html.AsSpan(at + Body.Length))
            .Replace(Content, content, StringComparison.Ordinal);
        return Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HeatRelief.Dashboard.officer.html")
            ?? throw new InvalidOperationException("officer.html is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

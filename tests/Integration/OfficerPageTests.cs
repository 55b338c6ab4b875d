using System.Text.RegularExpressions;
using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Api;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Visits;
using HeatRelief.Warnings;
using Microsoft.Playwright;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// One self-host after a heat check gave every site a red visit, plus visits written straight to storage: OF-P's
/// tomorrow (under an official warning), today (orange) and yesterday; OF-Q's; and OF-R's three for the browser.
/// </summary>
public sealed class OfficerPageFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string WangLogin = "wang.fang@union.example";

    public static readonly DateOnly Tomorrow = OfficerScenario.Today.AddDays(1);

    public static readonly ScenarioSite[] Sites =
    [
        new("S-OP1", "Dongcheng", 39.930, 116.420),
        new("S-OP2", "Dongcheng", 39.935, 116.425, 60),
        new("S-OQ1", "Haidian", 39.960, 116.300),
        new("S-BR1", "Xicheng", 39.915, 116.365, 25),
        new("S-BR2", "Xicheng", 39.916, 116.366),
        new("S-BR3", "Xicheng", 39.917, 116.367),
    ];

    public static readonly ScenarioOfficer[] Officers =
    [
        new("OF-P", "Dongcheng", 39.931, 116.421, Login: WangLogin),
        new("OF-Q", "Haidian", 39.961, 116.301),
        new("OF-R", "Xicheng", 39.916, 116.366),

        // Over 3 km from the S-BR sites: not a near-equal of OF-R, so only the next candidate for a declined visit.
        new("OF-R2", "Xicheng", 39.950, 116.400),
    ];

    public OfficerScenario Scenario { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Scenario = await OfficerScenario.StartAsync(azurite, Sites, Officers, null, ct);
        var now = Scenario.Clock.GetUtcNow();
        await Scenario.Harness.Get<SiteDirectory>().UpsertSitesAsync(
        [
            new Site("S-OP4", "东直门工地", "Dongcheng", 39.940, 116.430, "roadworks", 30, Address: "北京市东城区东直门南大街1号"),
            new Site("S-OP5", "Site S-OP5", "Dongcheng", 39.941, 116.431, "roadworks", 30),
            new Site("S-OP6", "Site S-OP6", "Dongcheng", 39.942, 116.432, "roadworks", 30),
        ], ct);
        var sent = new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);
        var warning = new WarningCitation("CN-BJ-20260715-RED", "bjmb@cma.gov.cn", sent, HeatLevel.Red, sent.AddDays(2),
            "北京市气象台", "北京市气象台发布高温红色预警信号", "Beijing Meteorological Observatory", "Red heat warning for Beijing", true);
        await VisitAsync("S-OP4", Tomorrow, HeatLevel.Red, new HottestWindow(new TimeOnly(12, 0), 4, 40.5), warning, now, ct);
        await VisitAsync("S-OP5", OfficerScenario.Today.AddDays(-1), HeatLevel.Red, null, null, now, ct);
        await VisitAsync("S-OP6", OfficerScenario.Today, HeatLevel.Orange, new HottestWindow(new TimeOnly(14, 0), 2, 37.0), null, now, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Scenario is not null)
        {
            await Scenario.DisposeAsync();
        }
    }

    /// <summary>An alert and an assigned visit of OF-P, written as the heat check and the assigner would.</summary>
    private async Task VisitAsync(string siteId, DateOnly day, HeatLevel level, HottestWindow? hottest, WarningCitation? warning, DateTimeOffset now, CancellationToken ct)
    {
        var alert = new Alert(Alert.IdFor(siteId, day, level.ToWire(), 0), siteId, day, AlertKind.Raised, level, HeatLevel.None,
            new HeatGrade(day, level, level, 39.5, 42.0, HeatIndexBand.High, hottest, WorkAdvice.LimitOutdoorHours, 6, true, "test"), 8 * 3600, now, warning);
        await Scenario.Harness.Get<AlertStore>().InsertIfAbsentAsync(alert.DateKey, [alert], ct);
        var visit = new Visit(Visit.IdFor(siteId, day), siteId, day, alert.Id, level, 30, VisitStatus.Assigned, "OF-P", 1, ["OF-P"], now.AddHours(1), now, null,
            new SupplyPlan(45, 15, 3), null, null, now);
        (await Scenario.Store.InsertIfAbsentAsync(visit, new VisitTransition(now, "-", "assigned", "test", "OF-P", null), ct)).ShouldBeTrue();
    }
}

/// <summary>
/// The officer's page, <c>GET /api/officer</c>, through the self-host: the signed-in officer's own visits of today and
/// tomorrow, highest level first; a bilingual refusal for anyone else; and, in Debian's Chromium at a phone's width,
/// accept, decline and report done in Chinese and English.
/// </summary>
public sealed class OfficerPageTests(OfficerPageFixture fixture) : IClassFixture<OfficerPageFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    // What a reader sees (innerText), not the text of both languages (textContent).
    private static readonly LocatorAssertionsToContainTextOptions Seen = new() { UseInnerText = true };
    private static readonly LocatorAssertionsToHaveTextOptions SeenExactly = new() { UseInnerText = true };

    private readonly OfficerScenario _s = fixture.Scenario;

    [Fact]
    public async Task OfficerPage_Officer_SeesOwnVisitsOfTodayAndTomorrowHighestLevelFirst()
    {
        // The sign-in name in another case is the same officer.
        using var response = await _s.SendAsync(HttpMethod.Get, "officer", _s.OfficerToken(OfficerPageFixture.WangLogin.ToUpperInvariant()));

        var html = await response.ShouldBePageAsync(200);
        Ids(html).ShouldBe(
            [Visit.IdFor("S-OP4", OfficerPageFixture.Tomorrow), OfficerScenario.VisitOf("S-OP1"), OfficerScenario.VisitOf("S-OP2"), OfficerScenario.VisitOf("S-OP6")],
            "red before orange, then the later day first; yesterday's visit and other officers' are not listed");
        html.ShouldContain("Officer OF-P");
        html.ShouldContain("今天（2026-07-15）和明天（2026-07-16）的任务，时间均为北京时间。");
        html.ShouldContain("Your visits today (2026-07-15) and tomorrow (2026-07-16); times are UTC+8.");

        var tomorrow = Card(html, Visit.IdFor("S-OP4", OfficerPageFixture.Tomorrow));
        tomorrow.ShouldContain("东直门工地");
        tomorrow.ShouldContain("北京市东城区东直门南大街1号");
        tomorrow.ShouldContain("北京市气象台发布高温红色预警：北京市气象台发布高温红色预警信号（有效至2026-07-17 08:00（北京时间））");
        tomorrow.ShouldContain("Beijing Meteorological Observatory issued a red heat warning: Red heat warning for Beijing (until 2026-07-17 08:00 (UTC+8))");
        tomorrow.ShouldContain("12:00-16:00（北京时间）");
        tomorrow.ShouldContain("12:00-16:00 (UTC+8)");
        tomorrow.ShouldContain("<dd>30</dd>");
        tomorrow.ShouldContain("饮用水45升、绿豆汤15升、防暑药箱3个");
        tomorrow.ShouldContain("45 L drinking water, 15 L mung-bean soup, 3 medicine kits");
        tomorrow.ShouldContain("2026-07-15 11:00（北京时间）");
        tomorrow.ShouldContain("2026-07-15 11:00 (UTC+8)");
        tomorrow.ShouldContain("href=\"geo:39.94,116.43?q=39.94,116.43(%E4%B8%9C%E7%9B%B4%E9%97%A8%E5%B7%A5%E5%9C%B0)\"");

        // AMap gets GCJ-02, longitude first: in Beijing some hundreds of metres east and north of the WGS-84 position.
        var amap = Regex.Match(tomorrow, "href=\"https://uri\\.amap\\.com/marker\\?position=([0-9.]+),([0-9.]+)&name=%E4%B8%9C%E7%9B%B4%E9%97%A8%E5%B7%A5%E5%9C%B0&src=HeatRelief\"");
        amap.Success.ShouldBeTrue(tomorrow);
        var (lon, lat) = (double.Parse(amap.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(amap.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        (lon - 116.430).ShouldBeInRange(0.004, 0.008);
        (lat - 39.940).ShouldBeInRange(0.0005, 0.003);

        var orange = Card(html, OfficerScenario.VisitOf("S-OP6"));
        orange.ShouldContain("高温橙色");
        orange.ShouldContain("Orange heat");
        orange.ShouldContain("14:00-16:00（北京时间）");
        orange.ShouldNotContain("class=\"warning\"", customMessage: "no official warning for this day");
        orange.ShouldContain("button type=\"button\" class=\"accept\"");
        orange.ShouldNotContain("form class=\"complete\"", customMessage: "an assigned visit is accepted before it is reported done");

        // Everything is inline: nothing is fetched from elsewhere.
        html.ShouldNotContain("<script src", Case.Insensitive);
        html.ShouldNotContain("<link", Case.Insensitive);
        LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(html);
    }

    [Fact]
    public async Task OfficerPage_AcceptedVisit_OffersTheReportWithThePlanAsPlaceholdersOnly()
    {
        var id = OfficerScenario.VisitOf("S-OP2");
        using (var accepted = await _s.SendAsync(HttpMethod.Post, $"visits/{id}/accept", _s.OfficerToken(OfficerPageFixture.WangLogin)))
        {
            await accepted.ShouldBeJsonAsync();
        }

        using var response = await _s.SendAsync(HttpMethod.Get, "officer", _s.OfficerToken(OfficerPageFixture.WangLogin));

        var card = Card(await response.ShouldBePageAsync(200), id);
        card.ShouldContain("form class=\"complete\"");
        card.ShouldContain("name=\"workersReached\" type=\"number\" inputmode=\"decimal\" min=\"0\" step=\"1\" placeholder=\"60\"");
        card.ShouldContain("name=\"waterLitres\" type=\"number\" inputmode=\"decimal\" min=\"0\" step=\"0.1\" placeholder=\"90\"");
        Regex.Matches(card, "<input[^>]*>").ShouldAllBe(i => !i.Value.Contains("value=", StringComparison.Ordinal));
        card.ShouldNotContain("class=\"accept\"");
        card.ShouldContain("form class=\"decline\"", customMessage: "an accepted visit can still be declined");
    }

    [Fact]
    public async Task OfficerPage_AnotherOfficer_SeesOnlyTheirOwnVisits()
    {
        using var response = await _s.SendAsync(HttpMethod.Get, "officer", _s.OfficerToken("OF-Q"));

        var html = await response.ShouldBePageAsync(200);
        Ids(html).ShouldBe([OfficerScenario.VisitOf("S-OQ1")]);
        html.ShouldNotContain("S-OP");
    }

    [Fact]
    public async Task OfficerPage_AdminWithoutTheOfficerRole_IsRefusedInBothLanguages()
    {
        using var response = await _s.SendAsync(HttpMethod.Get, "officer", _s.AdminToken());

        var html = await response.ShouldBePageAsync(403);
        html.ShouldContain("此页面仅供工会干部使用");
        html.ShouldContain("This page is for union officers");
        html.ShouldContain($"您已登录为 {OfficerScenario.AdminName}，但没有工会干部角色。");
        html.ShouldContain("href=\"/api/dashboard\"");
        html.ShouldNotContain("data-id=");
    }

    [Fact]
    public async Task OfficerPage_OfficerRoleWithoutARecord_IsRefusedInBothLanguages()
    {
        using var response = await _s.SendAsync(HttpMethod.Get, "officer", _s.OfficerToken("nobody@union.example"));

        var html = await response.ShouldBePageAsync(403);
        html.ShouldContain("找不到您的干部记录");
        html.ShouldContain("No officer record has the sign-in name 'nobody@union.example'.");
    }

    [Fact]
    public async Task OfficerPage_NotSignedIn_OffersTheSignInAsTheDashboardDoes()
    {
        using (var anonymous = await _s.SendAsync(HttpMethod.Get, "officer", null))
        {
            var html = await anonymous.ShouldBePageAsync(401);
            html.ShouldContain("请先登录");
            html.ShouldContain("Please sign in first");
            html.ShouldContain("<a id=\"signin\" class=\"button\" href=\"/dev/signin\">");
            html.ShouldNotContain("您的登录已失效或无法验证");
        }

        var expired = OfficerScenario.ForeignToken(OfficerPageFixture.WangLogin, [Caller.OfficerRole], TestServices.DevelopmentSigningKey, OfficerScenario.Now.AddHours(-3), TimeSpan.FromHours(1));
        using (var stale = await _s.SendAsync(HttpMethod.Get, "officer", expired))
        {
            var html = await stale.ShouldBePageAsync(401);
            html.ShouldContain("您的登录已失效或无法验证，请重新登录。");
            html.ShouldContain("Your sign-in has expired or could not be checked: sign in again.");
            html.ShouldNotContain("data-id=");
        }
    }

    [Fact]
    public async Task OfficerPage_DevelopmentSignInAsAnOfficer_LandsOnTheOfficerPage()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = _s.Harness.BaseAddress };
        var ct = TestContext.Current.CancellationToken;

        using var officer = await http.PostAsync("dev/signin", new FormUrlEncodedContent([new("name", OfficerPageFixture.WangLogin), new("role", "officer")]), ct);
        using var admin = await http.PostAsync("dev/signin", new FormUrlEncodedContent([new("name", "duty-admin"), new("role", "admin")]), ct);

        ((int)officer.StatusCode).ShouldBe(302);
        officer.Headers.Location!.OriginalString.ShouldBe("/api/officer");
        admin.Headers.Location!.OriginalString.ShouldBe("/api/dashboard");
    }

    /// <summary>
    /// OF-R on a phone (390 px): the page in Chinese, then English (remembered across a reload), never wider than
    /// the screen; accepts one visit, declines another with a reason, reports the first done, each answered on the page.
    /// </summary>
    [Fact]
    [Trait("Category", "Browser")]
    public async Task OfficerPage_InChromiumAtPhoneWidth_AcceptsDeclinesAndReportsInBothLanguages()
    {
        var ct = TestContext.Current.CancellationToken;
        File.Exists(Chromium).ShouldBeTrue("Debian's chromium is missing: ./test.sh installs it with apt-get");
        var (accept, decline, report) = (OfficerScenario.VisitOf("S-BR1"), OfficerScenario.VisitOf("S-BR2"), OfficerScenario.VisitOf("S-BR3"));
        (await _s.VisitAsync(accept)).Value.OfficerId.ShouldBe("OF-R");
        (await _s.VisitAsync(decline)).Value.OfficerId.ShouldBe("OF-R");

        // The first site confirmed its heat measures (as its manager's form records it): the report asks whether they matched.
        var first = (await _s.VisitAsync(accept)).Value;
        var alert = (await _s.Harness.Get<AlertStore>().GetAsync(first.DateKey, first.AlertId, ct)).ShouldNotBeNull().Alert;
        var answer = new AckAnswer("M-BR1", [AckMeasure.HoursLimited, AckMeasure.WaterShadeRest], null, 8, _s.Clock.GetUtcNow());
        var acks = _s.Harness.Get<AckStore>();
        if (await acks.GetAsync(first.DateKey, first.SiteId, ct) is { } asked)
        {
            (await acks.TryUpdateAsync(asked, asked.Value.Answered(answer), ct)).ShouldNotBeNull();
        }
        else
        {
            (await acks.InsertIfAbsentAsync(AckCase.Open(alert).Answered(answer), ct)).ShouldBeTrue();
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = _s.Harness.BaseAddress!.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            TimezoneId = "America/New_York",
            Locale = "en-US",
        });
        var elsewhere = new System.Collections.Concurrent.ConcurrentBag<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Host is "127.0.0.1" or "localhost")
            {
                await route.ContinueAsync();
            }
            else
            {
                elsewhere.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();

        // Not signed in: the sign-in link, which lands an officer back on this page.
        await page.GotoAsync("api/officer");
        await page.ClickAsync("#signin");
        await page.FillAsync("input[name=name]", "OF-R");
        await page.SelectOptionAsync("select[name=role]", "officer");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/api/officer");

        // Chinese by default, and nothing in English but the data and the switch's own name.
        (await page.EvaluateAsync<string>("document.documentElement.lang")).ShouldBe("zh");
        await Assertions.Expect(page.Locator("article.visit")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator($"article[data-id='{accept}'] .when")).ToContainTextAsync("今天 2026-07-15", Seen);
        await Assertions.Expect(page.Locator($"article[data-id='{accept}']")).ToContainTextAsync("2026-07-15 11:00（北京时间）", Seen);
        await ShouldFitAsync(page, "zh");
        var text = await VisibleTextAsync(page);
        Regex.IsMatch(text, "[A-Za-z]").ShouldBeFalse($"English left in the Chinese page: {text}");
        await ScreenshotAsync(page, "officer-zh.png");

        // Accept the first visit.
        await page.ClickAsync($"article[data-id='{accept}'] button.accept");
        await Assertions.Expect(page.Locator("#message.ok")).ToContainTextAsync("已接受“Site S-BR1”的任务", Seen);
        await Assertions.Expect(page.Locator($"article[data-id='{accept}']")).ToHaveAttributeAsync("data-status", "accepted");
        await Assertions.Expect(page.Locator($"article[data-id='{accept}'] form.complete")).ToHaveCountAsync(1);
        (await _s.VisitAsync(accept)).Value.Status.ShouldBe(VisitStatus.Accepted);

        // Decline the second: without a reason the page asks for one, and nothing is sent.
        await page.ClickAsync($"article[data-id='{decline}'] details.decline summary");
        await page.ClickAsync($"article[data-id='{decline}'] form.decline button");
        await Assertions.Expect(page.Locator("#message.error")).ToHaveTextAsync("请填写拒绝原因。", SeenExactly);
        (await _s.VisitAsync(decline)).Value.Status.ShouldBe(VisitStatus.Assigned);
        await page.FillAsync($"article[data-id='{decline}'] textarea[name=reason]", "车辆故障 / van broke down");
        await page.ClickAsync($"article[data-id='{decline}'] form.decline button");
        await Assertions.Expect(page.Locator("#message.ok")).ToContainTextAsync("已拒绝“Site S-BR2”的任务", Seen);
        var declined = await _s.VisitAsync(decline);
        declined.History.ShouldContain(h => h.To == "declined" && h.Note == "车辆故障 / van broke down" && h.Actor == "officer:OF-R");
        await Assertions.Expect(page.Locator($"article[data-id='{decline}'][data-status=assigned]")).ToHaveCountAsync(0);

        // English, remembered across a reload.
        await page.ClickAsync("#lang");
        await page.ReloadAsync();
        (await page.EvaluateAsync<string>("document.documentElement.lang")).ShouldBe("en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Cooling relief · My visits", SeenExactly);
        await Assertions.Expect(page.Locator($"article[data-id='{report}']")).ToContainTextAsync("2026-07-15 11:00 (UTC+8)", Seen);
        await ShouldFitAsync(page, "en");
        text = await VisibleTextAsync(page);
        Regex.IsMatch(text, @"\p{IsCJKUnifiedIdeographs}").ShouldBeFalse($"Chinese left in the English page: {text}");

        // Report the accepted visit done: the plan shows as placeholders, a slip gets an English message.
        var form = page.Locator($"article[data-id='{accept}'] form.complete");
        (await form.Locator("input[name=workersReached]").GetAttributeAsync("placeholder")).ShouldBe("25");
        (await form.Locator("input[name=workersReached]").InputValueAsync()).ShouldBeEmpty();
        await form.Locator("input[name=workersReached]").FillAsync("23");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#message.error")).ToHaveTextAsync("Fill in Water: a number, 0 or more.", SeenExactly);
        await form.Locator("input[name=waterLitres]").FillAsync("35.5");
        await form.Locator("input[name=soupLitres]").FillAsync("12");
        await form.Locator("input[name=medicineKits]").FillAsync("2");
        await form.Locator("textarea[name=notes]").FillAsync("one worker to the clinic");
        await Assertions.Expect(form.Locator("fieldset.matched")).ToContainTextAsync("Did the site's confirmed heat measures match what you saw?", Seen);
        await form.Locator("input[name=measuresMatched][value=no]").CheckAsync();
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#message.ok")).ToHaveTextAsync("Recorded the visit to Site S-BR1 as done. Thank you!", SeenExactly);
        await Assertions.Expect(page.Locator($"article[data-id='{accept}']")).ToContainTextAsync("23 workers reached, 35.5 L water, 12 L mung-bean soup, 2 medicine kits", Seen);
        await Assertions.Expect(page.Locator($"article[data-id='{accept}']")).ToContainTextAsync("did not match what the employer confirmed", Seen);
        (await _s.VisitAsync(accept)).Value.Report.ShouldBe(new VisitReport(23, 35.5, 12, 2, "one worker to the clinic", MeasuresMatched: false));

        // The API's refusal, in the page's language: the visit moved on (accepted elsewhere) since the page was drawn.
        using (var elsewhereAccepted = await _s.SendAsync(HttpMethod.Post, $"visits/{report}/accept", _s.OfficerToken("OF-R")))
        {
            await elsewhereAccepted.ShouldBeJsonAsync();
        }

        await page.ClickAsync($"article[data-id='{report}'] button.accept");
        await Assertions.Expect(page.Locator("#message.error")).ToContainTextAsync("This visit has moved on", Seen);
        await Assertions.Expect(page.Locator($"article[data-id='{report}']")).ToHaveAttributeAsync("data-status", "accepted");
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("#message.error")).ToContainTextAsync("此任务的状态已经变化", Seen);
        await ShouldFitAsync(page, "zh after the actions");
        await ScreenshotAsync(page, "officer-zh-after.png");
        await page.ClickAsync("#lang");
        await ScreenshotAsync(page, "officer-en.png");
        elsewhere.ShouldBeEmpty("the officer's page loads nothing from the internet");
    }

    private static List<string> Ids(string html) => [.. Regex.Matches(html, "<article class=\"visit\" data-id=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];

    private static string Card(string html, string id)
    {
        var start = html.IndexOf($"data-id=\"{id}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"no card for {id}");
        return html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
    }

    /// <summary>No sideways scrolling: the page is no wider than the phone's screen.</summary>
    private static async Task ShouldFitAsync(IPage page, string what)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        scroll.ShouldBeLessThanOrEqualTo(inner, $"{what}: the page scrolls sideways");
    }

    /// <summary>The text a reader sees (the language switch's own name and the scenario's data taken out), with every decline and report form opened.</summary>
    private static async Task<string> VisibleTextAsync(IPage page)
    {
        await page.EvaluateAsync("document.querySelectorAll('details').forEach(d => d.open = true)");
        var text = await page.EvaluateAsync<string>("document.querySelector('main').innerText + ' ' + document.querySelector('h1').innerText + ' ' + document.title");
        foreach (var data in new[] { "Officer OF-R", "Site S-BR1", "Site S-BR2", "Site S-BR3", "Xicheng" })
        {
            text = text.Replace(data, string.Empty, StringComparison.Ordinal);
        }

        return text;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestPaths.Root, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        new FileInfo(path).Length.ShouldBeGreaterThan(10_000);
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Visits;
using Microsoft.Playwright;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The dashboard's Leaflet map, lists and filters in Debian's Chromium against a self-host with the demo heatwave:
/// on a desk screen and at phone width, in Chinese and English, with no tile URL (nothing off the machine) and with one.
/// </summary>
public sealed partial class DashboardMapTests(AzuriteFixture azurite)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly DateOnly Day = new(2026, 7, 15);

    [Fact]
    [Trait("Category", "Browser")]
    public async Task Dashboard_NoTileUrl_MapsEverySiteByLevelWithLegendPopupsAndDistricts_OfflineOnDeskAndPhone()
    {
        var ct = TestContext.Current.CancellationToken;
        File.Exists(Chromium).ShouldBeTrue("Debian's chromium is missing: ./test.sh installs it with apt-get");
        await using var harness = SelfHostHarness.Create(azurite, http: true);
        await harness.ImportSamplesAsync(ct);
        await harness.StartAsync(ct);
        await harness.HeatCheckAndDrainAsync(ct);

        // A site added without a manager (every sample site has one): flagged, since nobody can confirm its measures.
        var sample = (await harness.Get<SiteDirectory>().ListSitesAsync(ct)).First();
        await harness.Get<SiteDirectory>().UpsertSitesAsync([new Site("S-NO-MANAGER", "Unmanaged site (无负责人工地)", sample.District, sample.Latitude + 0.002, sample.Longitude + 0.002, "roadworks", 12)], ct);
        var sites = (await harness.Get<SiteDirectory>().ListSitesAsync(ct)).Where(s => !s.Removed).ToList();
        var officers = (await harness.Get<SiteDirectory>().ListOfficersAsync(ct)).ToDictionary(o => o.Id, o => o.Name);
        var levels = (await harness.Get<CampaignSummary>().SiteLevelsAsync(Day, ct)).Where(l => !l.Cleared).ToDictionary(l => l.SiteId, l => l.Level);
        var levelOf = sites.ToDictionary(s => s.Id, s => levels.GetValueOrDefault(s.Id, HeatLevel.None).ToWire());
        levelOf.Values.ShouldContain("red");
        levelOf.Values.ShouldContain("none", "the demo day has sites at no level, which the list must show greyed");
        var visit = (await harness.Get<VisitStore>().ListAsync(Alert.DateKeyOf(Day), [], ct))
            .Select(v => v.Value).First(v => v.OfficerId is not null && v.Status != VisitStatus.Completed);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var desk = await browser.NewContextAsync(new() { BaseURL = harness.BaseAddress!.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "zh-CN" });
        var elsewhere = await RecordEveryRequestAsync(desk);
        var page = await desk.NewPageAsync();
        await SignInAsync(page);

        // One marker per site, coloured by its level; a label beside each; the list has every site, those at no level greyed.
        await Assertions.Expect(page.Locator("path.site")).ToHaveCountAsync(sites.Count);
        foreach (var level in new[] { "red", "orange", "yellow", "none" })
        {
            var count = levelOf.Values.Count(l => l == level);
            await Assertions.Expect(page.Locator($"path.site-{level}")).ToHaveCountAsync(count);
            await Assertions.Expect(page.Locator($".site-row[data-level={level}]")).ToHaveCountAsync(count);
            foreach (var fill in await page.Locator($"path.site-{level}").EvaluateAllAsync<string[]>("paths => paths.map(p => p.getAttribute('fill'))"))
            {
                fill.ShouldBe(LevelColours[level]);
            }
        }

        await Assertions.Expect(page.Locator("#map .leaflet-tooltip.site-label")).ToHaveCountAsync(sites.Count);
        await Assertions.Expect(page.Locator(".site-row .no-manager")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".site-row[data-site=\"S-NO-MANAGER\"] .no-manager")).ToHaveTextAsync("无负责人");
        (await page.Locator(".site-row[data-level=none]").First.EvaluateAsync<string>("row => getComputedStyle(row).color")).ShouldBe("rgb(158, 158, 158)");
        (await page.Locator(".site-row[data-level=red]").First.EvaluateAsync<string>("row => getComputedStyle(row.cells[0]).color")).ShouldBe("rgb(34, 34, 34)");

        // No tile URL: no tiles, each district's name on the plain background.
        await Assertions.Expect(page.Locator("#map .leaflet-tile")).ToHaveCountAsync(0);
        var districts = await page.Locator("#map .district-label").AllTextContentsAsync();
        districts.ShouldBe(sites.Select(s => s.District).Distinct(), ignoreOrder: true);

        // The legend, and a popup with the site, its level, its visit's state and the officer by name.
        await Assertions.Expect(page.Locator("#map .legend")).ToContainTextAsync("预警等级");
        (await page.Locator("#map .legend .legend-item").AllTextContentsAsync()).ShouldBe(["红色", "橙色", "黄色", "无"]);
        var site = sites.Single(s => s.Id == visit.SiteId);
        await page.Locator($"path.site[data-site=\"{site.Id}\"]").DispatchEventAsync("click");
        var popup = page.Locator("#map .leaflet-popup-content");
        await Assertions.Expect(popup).ToContainTextAsync(site.Name);
        await Assertions.Expect(popup.Locator(".popup-level")).ToHaveTextAsync(ChineseLevels[levelOf[site.Id]]);
        await Assertions.Expect(popup.Locator(".popup-visit")).Not.ToHaveTextAsync("无慰问任务");
        await Assertions.Expect(popup.Locator(".popup-officer")).ToHaveTextAsync($"{officers[visit.OfficerId!]} ({visit.OfficerId})");

        // Officers by name in the open visits.
        var officerCells = await page.Locator("#visits td.officer").AllTextContentsAsync();
        officerCells.ShouldContain($"{officers[visit.OfficerId!]} ({visit.OfficerId})");
        officerCells.Where(c => c != "-").ShouldAllBe(c => IsOfficer(c, officers), string.Join(" | ", officerCells));

        // The kind filter lists every audit kind.
        var kinds = typeof(AuditKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);
        (await page.Locator("select[name=kind] option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"))
            .ShouldBe(kinds.Prepend(string.Empty), ignoreOrder: true);

        // The CSV download is named for its days, the page's day and any range the API is asked for.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        download.SuggestedFilename.ShouldBe("heatrelief-audit-2026-07-15_2026-07-15.csv");
        var href = await page.GetAttributeAsync("#csv", "href");
        var ranged = await desk.APIRequest.GetAsync(href!.Replace("from=2026-07-15", "from=2026-07-13", StringComparison.Ordinal));
        ranged.Status.ShouldBe(200);
        ranged.Headers["content-disposition"].ShouldBe("attachment; filename=\"heatrelief-audit-2026-07-13_2026-07-15.csv\"");

        await ScreenshotAsync(page, "dashboard-desk-zh.png");
        await MapScreenshotAsync(page, "dashboard-map-zh.png");
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator(".site-row[data-level=red] td:nth-child(3)").First).ToHaveTextAsync("Red");
        await Assertions.Expect(page.Locator(".site-row[data-site=\"S-NO-MANAGER\"] .no-manager")).ToHaveTextAsync("No manager");
        await Assertions.Expect(page.Locator("#map .legend")).ToContainTextAsync("Heat level");
        (await page.Locator("#map .legend .legend-item").AllTextContentsAsync()).ShouldBe(["Red", "Orange", "Yellow", "None"]);
        await Assertions.Expect(page.Locator("path.site")).ToHaveCountAsync(sites.Count);
        await ScreenshotAsync(page, "dashboard-desk-en.png");

        // At phone width: nothing wider than the screen, in either language.
        var phone = await browser.NewContextAsync(new()
        {
            BaseURL = harness.BaseAddress.ToString(), ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true,
            StorageState = await desk.StorageStateAsync(),
        });
        var phoneElsewhere = await RecordEveryRequestAsync(phone);
        var small = await phone.NewPageAsync();
        await small.GotoAsync("api/dashboard");
        foreach (var (language, file) in new[] { ("zh", "dashboard-phone-zh.png"), ("en", "dashboard-phone-en.png") })
        {
            if (await small.EvaluateAsync<string>("document.documentElement.lang") != language)
            {
                await small.ClickAsync("#lang");
            }

            // The lists are drawn again in the language: wait for the new words, not for a load state reached long ago.
            await Assertions.Expect(small.Locator(".site-row[data-level=red] td:nth-child(3)").First).ToHaveTextAsync(language == "zh" ? "红色" : "Red");
            await Assertions.Expect(small.Locator("#map .leaflet-tooltip.site-label").First).ToHaveTextAsync(new Regex(language == "zh" ? "^[\u4e00-\u9fff0-9]+$" : "^[^\u4e00-\u9fff]+$"));
            await Assertions.Expect(small.Locator("path.site")).ToHaveCountAsync(sites.Count);
            await Assertions.Expect(small.Locator(".audit-row").First).ToBeVisibleAsync();
            await small.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var widths = await small.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, window.innerWidth]");
            widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"the page scrolls sideways at 390 px ({language})");
            var wide = await small.EvaluateAsync<string[]>("[...document.querySelectorAll('section')].filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.querySelector('h2').textContent)");
            wide.ShouldBeEmpty($"panels that scroll sideways at 390 px ({language})");
            await ScreenshotAsync(small, file);
        }

        elsewhere.ShouldBeEmpty("with no tile URL the dashboard loads nothing from off the machine");
        phoneElsewhere.ShouldBeEmpty("with no tile URL the dashboard loads nothing from off the machine");
    }

    [Fact]
    [Trait("Category", "Browser")]
    public async Task Dashboard_TileUrl_LoadsTilesFromThereAndDrawsNoDistrictNames()
    {
        var ct = TestContext.Current.CancellationToken;
        File.Exists(Chromium).ShouldBeTrue("Debian's chromium is missing: ./test.sh installs it with apt-get");
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?> { ["Dashboard:MapTileUrl"] = "https://tiles.example/{z}/{x}/{y}.png?key={key}", ["Dashboard:MapTileKey"] = "k1" }, http: true);
        await harness.ImportSamplesAsync(ct);
        await harness.StartAsync(ct);
        var sites = (await harness.Get<SiteDirectory>().ListSitesAsync(ct)).Count(s => !s.Removed);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new() { BaseURL = harness.BaseAddress!.ToString() });
        var elsewhere = await RecordEveryRequestAsync(context);
        // The tile server, answered here: the test itself asks nothing of the internet.
        var tiles = new ConcurrentBag<string>();
        await context.RouteAsync("https://tiles.example/**", route =>
        {
            tiles.Add(route.Request.Url);
            return route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = Convert.FromBase64String(OnePixelPng) });
        });
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        await Assertions.Expect(page.Locator("path.site")).ToHaveCountAsync(sites);
        await Assertions.Expect(page.Locator("#map img.leaflet-tile-loaded").First).ToBeVisibleAsync();
        tiles.ShouldNotBeEmpty();
        tiles.ShouldAllBe(url => TileUrl().IsMatch(url));
        await Assertions.Expect(page.Locator("#map .district-label")).ToHaveCountAsync(0);
        elsewhere.Distinct().ShouldAllBe(url => url.StartsWith("https://tiles.example/", StringComparison.Ordinal), "only the configured tiles come from off the machine");
    }

    private static readonly Dictionary<string, string> LevelColours = new() { ["red"] = "#c62828", ["orange"] = "#ef6c00", ["yellow"] = "#e6c200", ["none"] = "#9e9e9e" };

    private static readonly Dictionary<string, string> ChineseLevels = new() { ["red"] = "红色", ["orange"] = "橙色", ["yellow"] = "黄色", ["none"] = "无" };

    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    /// <summary>Every request the browser context makes that is not to this machine (a request to the app itself goes on).</summary>
    private static async Task<ConcurrentBag<string>> RecordEveryRequestAsync(IBrowserContext context)
    {
        var elsewhere = new ConcurrentBag<string>();
        context.Request += (_, request) =>
        {
            if (new Uri(request.Url) is not { Host: "127.0.0.1" or "localhost" } && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        await context.RouteAsync(url => !url.StartsWith("http://127.0.0.1", StringComparison.Ordinal) && !url.StartsWith("https://tiles.example/", StringComparison.Ordinal), route => route.AbortAsync());
        return elsewhere;
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("dev/signin");
        await page.FillAsync("input[name=name]", "duty-admin");
        await page.SelectOptionAsync("select[name=role]", "admin");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/api/dashboard");
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("duty-admin");
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestPaths.Root, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The first screen (the map, the lists' heads): a full page would be mostly audit rows.
        await page.ScreenshotAsync(new() { Path = path });
        new FileInfo(path).Length.ShouldBeGreaterThan(10_000);
    }

    private static async Task MapScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestPaths.Root, "artifacts", name);
        await page.Locator("#map").ScreenshotAsync(new() { Path = path });
        new FileInfo(path).Length.ShouldBeGreaterThan(10_000);
    }

    /// <summary>True when <paramref name="cell"/> reads "name (id)" for an officer of the directory.</summary>
    private static bool IsOfficer(string cell, Dictionary<string, string> officers) =>
        OfficerCell().Match(cell) is { Success: true } m && officers.TryGetValue(m.Groups["id"].Value, out var name) && name == m.Groups["name"].Value;

    [GeneratedRegex(@"^(?<name>.+) \((?<id>[^()]+)\)$")]
    private static partial Regex OfficerCell();

    [GeneratedRegex(@"^https://tiles\.example/\d+/\d+/\d+\.png\?key=k1$")]
    private static partial Regex TileUrl();
}

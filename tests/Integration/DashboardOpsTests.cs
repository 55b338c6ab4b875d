using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Audit;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The dashboard's status banner, check now, who got what, its Chinese (no English UI word left in zh mode after a
/// zh → en → zh round trip) and its phone width, in Debian's Chromium against a self-host after a pipeline run.
/// </summary>
public sealed class DashboardOpsTests(AzuriteFixture azurite)
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>
    /// Collects the page's English UI words (from its own en dictionary, less the words its zh dictionary uses too, as
    /// HeatRelief and CSV) and finds them in zh mode in the visible text, placeholders, labels and tooltips; data
    /// (stored audit records, ids, server reasons: <c>.raw</c>) is left out. Also lists the en keys without zh text.
    /// </summary>
    private const string EnglishLeftScript = """
        () => {
          const zhText = Object.values(T.zh).join(" ");
          const words = new Set();
          for (const value of Object.values(T.en))
            for (const word of value.match(/[A-Za-z]{3,}/g) || []) if (!zhText.includes(word)) words.add(word.toLowerCase());
          const skip = "#audit tbody, select[name=kind] option:not([value='']), datalist, .raw, code, .leaflet-control-attribution, #who, script, style";
          const texts = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const element = walker.currentNode.parentElement;
            if (!element || element.closest(skip) || !element.checkVisibility({ visibilityProperty: true })) continue;
            texts.push(walker.currentNode.textContent);
          }
          for (const element of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
            if (element.closest(skip) || !element.checkVisibility({ visibilityProperty: true })) continue;
            for (const name of ["placeholder", "aria-label", "title"]) if (element.getAttribute(name)) texts.push(element.getAttribute(name));
          }
          const found = [];
          for (const text of texts)
            for (const word of text.match(/[A-Za-z]{3,}/g) || []) if (words.has(word.toLowerCase())) found.push(`${word} in "${text.trim().slice(0, 80)}"`);
          return { words: words.size, found, missing: Object.keys(T.en).filter(key => !(key in T.zh)) };
        }
        """;

    [Fact]
    [Trait("Category", "Browser")]
    public async Task Dashboard_StatusCheckNowWhoGotWhat_AllInChineseAndFitsAPhone()
    {
        var ct = TestContext.Current.CancellationToken;
        File.Exists(Chromium).ShouldBeTrue("Debian's chromium is missing: ./test.sh installs it with apt-get");
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.93, 116.43, [41.0, 40.5, 40.0]), new ForecastBuilder.Location(39.80, 116.30, [30.0, 30.0, 30.0]));
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?> { ["Weather:RecordingPath"] = recording, ["Alerts:LookaheadDays"] = "0" }, http: true);
        await harness.StartAsync(ct);
        // Data in Chinese only (names, districts), so any English word on the page in zh mode is the page's own.
        var folder = TestPaths.NewTempFolder();
        var importer = harness.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,东直门环卫所,东城,39.93,116.43,sanitation,48", "S2,丰台货场,丰台,39.80,116.30,courier,20"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "r.csv", CsvFiles.RecipientsHeader, "R1,S1,王建国,foreman,console,13800000001,zh,,", "R2,S1,李娜,worker,console,13800000002,zh,,"), ct);
        await importer.ImportOfficersAsync(CsvFiles.Write(folder, "o.csv", CsvFiles.OfficersHeader, "OF1,张伟,东城,39.93,116.44,console,13900000001,5"), ct);
        await harness.HeatCheckAndDrainAsync(ct);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new() { BaseURL = harness.BaseAddress!.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("dev/signin");
        await page.FillAsync("input[name=name]", "duty-admin");
        await page.SelectOptionAsync("select[name=role]", "admin");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/api/dashboard");

        // The banner: the timer's check, its local time with the zone named, both sources fine.
        var banner = page.Locator("#status-banner");
        await Assertions.Expect(banner.Locator(".last-check")).ToContainTextAsync("上次高温检查：2026-07-15 10:00（北京时间） · 定时 · 2 个工地");
        await Assertions.Expect(banner).ToHaveAttributeAsync("data-weather", "ok");
        await Assertions.Expect(banner).ToHaveAttributeAsync("data-warnings", "none");

        // Check now: runs, says what it did, and the banner names the admin; audited once with the admin's name.
        await page.ClickAsync("#check-now");
        await Assertions.Expect(page.Locator("#check-result")).ToHaveAttributeAsync("data-outcome", "done", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#check-result")).ToHaveTextAsync("检查完成：2 个工地，新增 0，升级 0，解除 0");
        await Assertions.Expect(banner.Locator(".last-check")).ToContainTextAsync("管理员 duty-admin");
        var audit = await harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var requested = await audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {AuditKinds.HeatCheckRequested}"), cancellationToken: ct).ToListAsync(ct);
        requested.ShouldHaveSingleItem().GetString("Actor").ShouldBe("admin:duty-admin");

        // Who got what: 王建国 by part of the name, the red alert delivered by console; the alert lists both recipients.
        await page.FillAsync("input[name=recipient]", "建国");
        await page.ClickAsync("#recipient-search button[type=submit]");
        var row = page.Locator("#recipient-results .delivery-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "delivered");
        await Assertions.Expect(row).ToContainTextAsync("已送达");
        await Assertions.Expect(row).ToContainTextAsync("短信（控制台）");
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^2026-07-15 \d\d:\d\d（北京时间）$"));
        await page.ClickAsync("#recipient-results button.alert-link");
        await Assertions.Expect(page.Locator("#alert-recipients-id")).ToHaveTextAsync("S1_20260715_red");
        await Assertions.Expect(page.Locator("#alert-recipients .alert-recipient-row[data-status=delivered]")).ToHaveCountAsync(2);

        // As first loaded (in Chinese), then zh → en → zh: in English the page's own words show; back in Chinese none is left.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var first = await EnglishLeftAsync(page);
        first.Found.ShouldBeEmpty($"English on the page as first loaded: {string.Join("; ", first.Found)}");

        // A text with no translation at all shows its key (a script that failed to add its words does that).
        var rawKeys = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-t]')].filter(e => e.textContent.trim() === e.dataset.t).map(e => e.dataset.t)");
        rawKeys.ShouldBeEmpty($"texts showing their key, untranslated: {string.Join(", ", rawKeys)}");
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("HeatRelief summer cooling");
        await Assertions.Expect(page.Locator("#check-now")).ToHaveTextAsync("Check now");
        await Assertions.Expect(page.Locator("#recipient-results .delivery-row")).ToContainTextAsync("Delivered");
        await Assertions.Expect(page.Locator("#filters input[name=q]")).ToHaveAttributeAsync("placeholder", "Text");
        var english = await EnglishLeftAsync(page);
        english.Found.ShouldNotBeEmpty("the check sees English words when the page is in English");
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("HeatRelief 夏送清凉");
        // The panels are drawn again from the server's answers after a switch: wait (a while) for them, then judge.
        try
        {
            await page.WaitForFunctionAsync($"() => ({EnglishLeftScript})().found.length === 0", null, new() { Timeout = 15_000, PollingInterval = 250 });
        }
        catch (TimeoutException)
        {
        }

        var chinese = await EnglishLeftAsync(page);
        chinese.Words.ShouldBeGreaterThan(100, "the list of English words is built from the page's own dictionary");
        chinese.Missing.ShouldBeEmpty("every English text has its Chinese");
        chinese.Found.ShouldBeEmpty($"English left in zh mode: {string.Join("; ", chinese.Found)}");
        await ScreenshotAsync(page, "dashboard-ops-zh.png");

        // A phone: 390 px wide, no horizontal scroll of the page (tables scroll in their own boxes).
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], "the page scrolls sideways at 390 px");
        (await page.Locator("#check-now").BoundingBoxAsync())!.X.ShouldBeLessThan(390);
        await ScreenshotAsync(page, "dashboard-ops-390.png");
    }

    private static async Task<(int Words, List<string> Found, List<string> Missing)> EnglishLeftAsync(IPage page)
    {
        var result = await page.EvaluateAsync<JsonElement>(EnglishLeftScript);
        return (result.GetProperty("words").GetInt32(),
            [.. result.GetProperty("found").EnumerateArray().Select(e => e.GetString()!)],
            [.. result.GetProperty("missing").EnumerateArray().Select(e => e.GetString()!)]);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestPaths.Root, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        new FileInfo(path).Length.ShouldBeGreaterThan(10_000);
    }
}

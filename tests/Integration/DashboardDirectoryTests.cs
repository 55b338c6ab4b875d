using System.Text;
using HeatRelief.Audit;
using HeatRelief.Messaging;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using Microsoft.Playwright;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The dashboard's directory management and poison panel in Debian's Chromium (headless, driven by Playwright) against a
/// running self-host: a bad file's errors by line and column, then a good file counted; one site edited in the form
/// (its error shown by the field first), one deactivated; the errors in the page's language (Chinese, then English); a poison message's reason shown and the message discarded
/// after a confirmation; on a phone's width too. Screenshots go to artifacts/.
/// </summary>
public sealed class DashboardDirectoryTests(AzuriteFixture azurite)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    [Trait("Category", "Browser")]
    public async Task Dashboard_Directory_UploadsBadThenGoodFileEditsDeactivatesAndDiscardsPoison()
    {
        var ct = TestContext.Current.CancellationToken;
        File.Exists(Chromium).ShouldBeTrue("Debian's chromium is missing: ./test.sh installs it with apt-get");
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            [FunctionNames.HeatCheckScheduleSetting] = "0 0 0 1 1 *",
            [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
        }, http: true);
        await harness.StartAsync(ct);
        await harness.Get<PoisonMessages>().RejectAsync(QueueNames.Deliveries, "{\"schemaVersion\":9,\"alertId\":\"A1\"}", "m-1", "schemaVersion 9 is not supported", ct);
        var directory = harness.Get<SiteDirectory>();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var desk = await browser.NewContextAsync(new() { BaseURL = harness.BaseAddress!.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "zh-CN" });
        var page = await desk.NewPageAsync();
        var dialogs = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        await page.GotoAsync("dev/signin");
        await page.FillAsync("input[name=name]", "duty-admin");
        await page.SelectOptionAsync("select[name=role]", "admin");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/api/dashboard");
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("duty-admin");
        await Assertions.Expect(page.Locator("#directory h2")).ToHaveTextAsync("名录管理");

        // A bad file: each error on its line and column, nothing imported.
        await page.SelectOptionAsync("#dir-kind", "site");
        await page.SetInputFilesAsync("#dir-file", new FilePayload { Name = "工地.csv", MimeType = "text/csv", Buffer = Csv(CsvFiles.SitesHeader,
            "S1,新发地市场,丰台区,39.80,116.30,market,120", "S2,东坝工地,朝阳区,999,116.45,construction,60", "S3,,海淀区,39.98,116.30,construction,10") });
        await page.ClickAsync("#dir-upload button[type=submit]");
        await Assertions.Expect(page.Locator("#dir-result .dir-error")).ToHaveCountAsync(2);
        (await page.Locator("#dir-result .dir-error").AllInnerTextsAsync()).Select(r => string.Join("|", r.Split('\t').Take(2))).ShouldBe(["3|latitude", "4|name"]);
        await Assertions.Expect(page.Locator("#dir-result")).ToContainTextAsync("工地.csv 有 2 处错误，未导入任何数据");
        (await ProblemsAsync(page)).ShouldBe(["“999”不是 -90 到 90 之间的数", "必填"], "the problems in the page's language, from their codes");
        (await directory.ListSitesAsync(ct)).ShouldBeEmpty();
        await ScreenshotAsync(page.Locator("#directory"), "dashboard-directory-errors-zh.png");

        // The good file: counted, listed.
        await page.SetInputFilesAsync("#dir-file", new FilePayload { Name = "工地.csv", MimeType = "text/csv", Buffer = Csv(CsvFiles.SitesHeader,
            "S1,新发地市场,丰台区,39.80,116.30,market,120", "S2,东坝工地,朝阳区,39.95,116.45,construction,60") });
        await page.ClickAsync("#dir-upload button[type=submit]");
        await Assertions.Expect(page.Locator("#dir-result .ok")).ToHaveTextAsync("已导入 工地.csv：新增 2，更改 0，未变 0");
        await Assertions.Expect(page.Locator("#dir-records .dir-row")).ToHaveCountAsync(2);

        // Edit S1: an empty name is refused beside its field; then saved and audited with the admin's name.
        await page.ClickAsync(".dir-row[data-key=S1] button.dir-edit");
        await Assertions.Expect(page.Locator("#dir-form input[name=id]")).ToHaveValueAsync("S1");
        await page.FillAsync("#dir-form input[name=name]", "");
        await page.ClickAsync("#dir-form button[type=submit]");
        await Assertions.Expect(page.Locator("#dir-form label[data-column=name] .field-error")).ToHaveTextAsync("必填");
        await page.FillAsync("#dir-form input[name=name]", "新发地批发市场");
        await page.FillAsync("#dir-form input[name=outdoor_workers]", "150");
        await page.ClickAsync("#dir-form button[type=submit]");
        await Assertions.Expect(page.Locator("#dir-result .ok")).ToHaveTextAsync("已保存 S1（新发地批发市场）的修改");
        await Assertions.Expect(page.Locator("#dir-form")).ToBeHiddenAsync();
        var s1 = (await directory.GetSiteAsync("S1", ct))!;
        (s1.Name, s1.OutdoorWorkers).ShouldBe(("新发地批发市场", 150));
        var edited = (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.SiteEdited), ct)).Records.ShouldHaveSingleItem();
        edited.Actor.ShouldBe("admin:duty-admin");

        // Deactivate S2: asked first (dismissed: nothing happens), then done; the record stays listed, inactive.
        await page.ClickAsync(".dir-row[data-key=S2] button[data-action=deactivate]");
        dialogs.ShouldHaveSingleItem().ShouldContain("S2");
        (await directory.GetSiteAsync("S2", ct))!.Active.ShouldBeTrue("a dismissed confirmation changes nothing");
        accept = true;
        await page.ClickAsync(".dir-row[data-key=S2] button[data-action=deactivate]");
        await Assertions.Expect(page.Locator(".dir-row[data-key=S2]")).ToHaveAttributeAsync("data-state", "inactive");
        await Assertions.Expect(page.Locator("#dir-result .ok")).ToHaveTextAsync("已停用 S2（东坝工地）");
        (await directory.GetSiteAsync("S2", ct))!.Active.ShouldBeFalse();
        (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.SiteDeactivated), ct)).Records.ShouldHaveSingleItem().Actor.ShouldBe("admin:duty-admin");

        // The poison message with its reason; discarded only after a confirmation.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".poison-row .poison-reason")).ToContainTextAsync("schemaVersion 9 is not supported");
        accept = false;
        await page.ClickAsync("button.discard");
        dialogs.Count.ShouldBe(3);
        dialogs[^1].ShouldContain(QueueNames.Deliveries);
        await Assertions.Expect(page.Locator("button.discard")).ToHaveCountAsync(1);
        accept = true;
        await page.ClickAsync("button.discard");
        await Assertions.Expect(page.Locator("#poison")).ToContainTextAsync("已丢弃");
        (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.MessageDiscarded), ct)).Records.ShouldHaveSingleItem().Actor.ShouldBe("admin:duty-admin");
        (await harness.Get<PoisonQueueService>().ListAsync(ct: ct)).ShouldBeEmpty();
        await ScreenshotAsync(page.Locator("#directory"), "dashboard-directory-zh.png");

        // English: the section's words change with the page.
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("#directory h2")).ToHaveTextAsync("Directory");
        await Assertions.Expect(page.Locator(".dir-row[data-key=S2] td:nth-child(3)")).ToHaveTextAsync("Inactive");
        await Assertions.Expect(page.Locator("#poison th:nth-child(3)")).ToHaveTextAsync("Reason");

        // The bad file again, in English: the same problems in English; back in Chinese the shown problems follow.
        await page.SetInputFilesAsync("#dir-file", new FilePayload { Name = "sites.csv", MimeType = "text/csv", Buffer = Csv(CsvFiles.SitesHeader,
            "S2,东坝工地,朝阳区,999,116.45,construction,60", "S3,,海淀区,39.98,116.30,construction,10") });
        await page.ClickAsync("#dir-upload button[type=submit]");
        await Assertions.Expect(page.Locator("#dir-result")).ToContainTextAsync("sites.csv has 2 errors; nothing was imported");
        (await ProblemsAsync(page)).ShouldBe(["'999' is not a number from -90 to 90", "required"]);
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("#dir-result")).ToContainTextAsync("sites.csv 有 2 处错误，未导入任何数据");
        var chinese = await ProblemsAsync(page);
        chinese.ShouldBe(["“999”不是 -90 到 90 之间的数", "必填"]);
        string.Join(" ", chinese).ShouldNotMatch("[A-Za-z]{3,}", "no English problem word in the Chinese page");
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("#directory h2")).ToHaveTextAsync("Directory");

        // At phone width (in English, as chosen above), with a refused file's errors and the form open: nothing wider than the screen.
        var phone = await browser.NewContextAsync(new()
        {
            BaseURL = harness.BaseAddress.ToString(), ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true,
            StorageState = await desk.StorageStateAsync(),
        });
        var small = await phone.NewPageAsync();
        await small.GotoAsync("api/dashboard");
        await Assertions.Expect(small.Locator("#dir-records .dir-row")).ToHaveCountAsync(2);
        await small.SetInputFilesAsync("#dir-file", new FilePayload { Name = "officers.csv", MimeType = "text/csv", Buffer = Csv(CsvFiles.OfficersHeader, "O1,Li,Fengtai,39.80,116.30,console,13900000001,3") });
        await small.ClickAsync("#dir-upload button[type=submit]");
        await Assertions.Expect(small.Locator("#dir-result .dir-error")).ToHaveCountAsync(2);
        await small.ClickAsync(".dir-row[data-key=S1] button.dir-edit");
        await Assertions.Expect(small.Locator("#dir-form")).ToBeVisibleAsync();
        var widths = await small.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], "the page scrolls sideways at 390 px");
        var wide = await small.EvaluateAsync<string[]>("[...document.querySelectorAll('section')].filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.querySelector('h2').textContent)");
        wide.ShouldBeEmpty("panels that scroll sideways at 390 px");
        await ScreenshotAsync(small.Locator("#directory"), "dashboard-directory-phone-en.png");
    }

    /// <summary>The problem column of the shown errors, row by row.</summary>
    private static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page) =>
        await page.Locator("#dir-result .dir-error td:nth-child(3)").AllInnerTextsAsync();

    private static byte[] Csv(string header, params string[] rows) => Encoding.UTF8.GetBytes(string.Join("\n", rows.Prepend(header)) + "\n");

    private static async Task ScreenshotAsync(ILocator section, string name)
    {
        var path = Path.Combine(TestPaths.Root, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await section.ScreenshotAsync(new() { Path = path });
        new FileInfo(path).Length.ShouldBeGreaterThan(5_000);
    }
}

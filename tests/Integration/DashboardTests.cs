using Azure.Data.Tables;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Playwright;
using HeatRelief.Triggers;
using HeatRelief.Messaging;

namespace HeatRelief.Tests.Integration;

/// <summary>The admins' dashboard in Debian's Chromium (headless, driven by Playwright) against a running self-host with the demo data.</summary>
public sealed class DashboardTests(AzuriteFixture azurite)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    [Trait("Category", "Browser")]
    public async Task Dashboard_DemoHeatwave_ShowsRedSitesFiltersTheLogReplaysPoisonAndSwitchesLanguage()
    {
        var ct = TestContext.Current.CancellationToken;
        File.Exists(Chromium).ShouldBeTrue("Debian's chromium is missing: ./test.sh installs it with apt-get");
        await using var harness = SelfHostHarness.Create(azurite, http: true);
        await harness.ImportSamplesAsync(ct);
        await harness.StartAsync(ct);
        await harness.HeatCheckAndDrainAsync(ct);
        await harness.Get<QueueSender>().SendRawAsync(QueueNames.Deliveries, "{\"schemaVersion\":1,\"alertId\":\"NO-SUCH_20260715_red\",\"date\":\"2026-07-15\",\"siteId\":\"NO-SUCH\",\"recipientIds\":[\"R1\"]}", ct);
        await harness.HeatCheckAndDrainAsync(ct);
        var day = await harness.Get<CampaignSummary>().GetAsync(new DateOnly(2026, 7, 15), ct);
        var red = day.Sites.Count(s => s.Level == Heat.HeatLevel.Red && !s.Cleared);
        red.ShouldBeGreaterThan(0);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        // The browser in New York: the page must still show the campaign's time (Beijing), named.
        var context = await browser.NewContextAsync(new() { BaseURL = harness.BaseAddress!.ToString(), Offline = false, TimezoneId = "America/New_York", Locale = "en-US" });
        var page = await context.NewPageAsync();

        // Offline by construction: every request the page makes must go to the app itself.
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

        // The first, unfiltered audit page is held back until the filtered one below is on screen, as a busy
        // server answers: the slower, older answer must not overwrite the filter's result when it lands.
        var filteredShown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/manage/audit?*", async route =>
        {
            if (!route.Request.Url.Contains("kind=", StringComparison.Ordinal))
            {
                await filteredShown.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            }

            await route.FallbackAsync();
        });

        // Not signed in: the page says so and offers the sign-in.
        await page.GotoAsync("api/dashboard");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("401");

        await page.GotoAsync("dev/signin");
        await page.FillAsync("input[name=name]", "duty-admin");
        await page.SelectOptionAsync("select[name=role]", "admin");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/api/dashboard");

        // Today's red sites, on the list and the map.
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("duty-admin");
        await Assertions.Expect(page.Locator(".site-row[data-level=red]")).ToHaveCountAsync(red);
        await Assertions.Expect(page.Locator("path.site-red")).ToHaveCountAsync(red);
        (await page.Locator("#visits tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        await Assertions.Expect(page.Locator("#figures")).ToContainTextAsync("已送达通知");

        // The audit log, filtered by kind (picked from the list).
        await page.SelectOptionAsync("select[name=kind]", AuditKinds.VisitCreated);
        await page.ClickAsync("#filters button[type=submit]");
        await Assertions.Expect(page.Locator(".audit-row td:nth-child(2)").First).ToHaveTextAsync(AuditKinds.VisitCreated);
        filteredShown.TrySetResult();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var kinds = await page.Locator(".audit-row td:nth-child(2)").AllTextContentsAsync();
        kinds.ShouldNotBeEmpty();
        kinds.ShouldAllBe(k => k == AuditKinds.VisitCreated);
        var times = await page.Locator(".audit-row td:nth-child(1)").AllTextContentsAsync();
        times.ShouldAllBe(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^2026-07-15 \d\d:\d\d:\d\d（北京时间）$"), string.Join(" | ", times));
        var answerBy = await page.Locator("#visits tbody tr td:nth-child(4)").AllTextContentsAsync();
        answerBy.ShouldContain(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^2026-07-15 \d\d:\d\d（北京时间）$"), string.Join(" | ", answerBy));

        // The poison message, replayed with its button.
        await Assertions.Expect(page.Locator("button.replay")).ToHaveCountAsync(1);
        await page.ClickAsync("button.replay");
        await Assertions.Expect(page.Locator("#poison")).ToContainTextAsync("已重新排队");
        var audit = await harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var replayed = await audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {AuditKinds.MessageReplayed}"), cancellationToken: ct).ToListAsync(ct);
        replayed.ShouldHaveSingleItem().GetString("Actor").ShouldBe("admin:duty-admin");

        // English, and a picture of it for the test artifacts.
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("HeatRelief summer cooling");
        await Assertions.Expect(page.Locator("#figures")).ToContainTextAsync("Notifications delivered");
        await Assertions.Expect(page.Locator(".audit-row td:nth-child(1)").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^2026-07-15 \d\d:\d\d:\d\d \(UTC\+8\)$"));
        var screenshot = Path.Combine(TestPaths.Root, "artifacts", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(10_000);
        elsewhere.ShouldBeEmpty("the dashboard loads nothing from the internet");
    }
}

using System.Text;
using System.Text.RegularExpressions;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HeatRelief.Tests.Integration;

/// <summary>One self-host after a heat check; each test follows the one-tap links of its own officers' visits.</summary>
public sealed class ActionLinkFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public static readonly ScenarioSite[] Sites =
    [
        new("S-LINK", "Dongcheng", 39.930, 116.420),
        new("S-TAMPER", "Xicheng", 39.915, 116.365),
        new("S-OTHER", "Haidian", 39.960, 116.300),
        new("S-MINE", "Fengtai", 39.860, 116.290),
        new("S-LDECL", "Chaoyang", 39.920, 116.440),
        new("S-FORM", "Shunyi", 40.130, 116.650, 25),
    ];

    public static readonly ScenarioOfficer[] Officers =
    [
        new("OF-LA", "Dongcheng", 39.931, 116.421),
        new("OF-LB", "Xicheng", 39.916, 116.366),
        new("OF-LC", "Haidian", 39.961, 116.301),
        new("OF-LD", "Fengtai", 39.861, 116.291),
        new("OF-LE1", "Chaoyang", 39.921, 116.441),
        new("OF-LE2", "Chaoyang", 39.950, 116.470),
        new("OF-LG", "Shunyi", 40.131, 116.651),
    ];

    public OfficerScenario Scenario { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Scenario = await OfficerScenario.StartAsync(azurite, Sites, Officers, null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Scenario is not null)
        {
            await Scenario.DisposeAsync();
        }
    }
}

/// <summary>
/// The pages behind one-tap links, through the self-host's HTTP server: opening a link changes nothing, its
/// button acts once; tampered, expired, used and other officers' links get a page saying so, and change nothing.
/// </summary>
public sealed class ActionLinkTests(ActionLinkFixture fixture, AzuriteFixture azurite) : IClassFixture<ActionLinkFixture>
{
    /// <summary>The scenario's data, which a page quotes as it is in either language: site names and districts.</summary>
    private static readonly string[] Data = [.. ActionLinkFixture.Sites.Append(new("S-EXP", "Tongzhou", 0, 0)).SelectMany(s => new[] { $"Site {s.Id}", s.District })];

    private readonly OfficerScenario _s = fixture.Scenario;

    /// <summary>The check every page of these tests passes through finds a text in one language only, or in the wrong one.</summary>
    [Theory]
    [InlineData("<p>未做任何更改。</p>", "Chinese without its English")]
    [InlineData("<p>Nothing was changed.</p><p lang=\"en\">Nothing was changed.</p>", "the Chinese text is not Chinese")]
    [InlineData("<p>表单无法读取（Form field missing）。</p><p lang=\"en\">The form could not be read.</p>", "the Chinese text is not Chinese")]
    [InlineData("<p>未做任何更改。</p><p lang=\"en\">未做任何更改。</p>", "the English text is not English")]
    [InlineData("<button type=\"submit\">Accept this visit</button>", "not 'Chinese / English'")]
    [InlineData("<label>原因<br><input name=\"reason\"></label>", "not 'Chinese / English'")]
    public void LinkPageLanguages_TextInOneLanguage_IsFound(string body, string problem)
    {
        const string Page = "<title>此链接无效 / This link is not valid</title><body><h1>此链接无效<br><span lang=\"en\">This link is not valid</span></h1>";
        LinkPageLanguages.Problems(Page + "<p>链接已损坏。Site S-LINK（Dongcheng），S-LINK_20260715。</p><p lang=\"en\">The link is damaged.</p>", Data).ShouldBeEmpty();
        LinkPageLanguages.Problems(Page + body, Data).ShouldContain(p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Link_AcceptThenComplete_ActsOnceEachAndOpeningChangesNothing()
    {
        var id = OfficerScenario.VisitOf("S-LINK");
        var accept = _s.LinkFor("OF-LA", "offer", "acceptUrl");
        var offered = await _s.SnapshotAsync(id);

        using (var page = await _s.SendAsync(HttpMethod.Get, accept, null))
        {
            var html = await page.ShouldBeLinkPageAsync(200, Data);
            html.ShouldContain("<form method=\"post\">");
            html.ShouldContain("Accept this visit");
            html.ShouldContain("接受任务");
            html.ShouldContain("Site S-LINK (Dongcheng), 2026-07-15: red heat, 40 outdoor workers. Bring 60 L water, 20 L mung-bean soup, 4 medicine kits.");
            html.ShouldContain("高温红色预警，户外作业40人");
            html.ShouldContain("请在2026-07-15 11:00（北京时间）前确认");
            html.ShouldContain("Answer by 2026-07-15 11:00 (UTC+8)");
            LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(html);
        }

        (await _s.SnapshotAsync(id)).ShouldBe(offered, "opening a link (a preview, a scanner) must not act");

        string completeFromPage;
        using (var done = await _s.SendAsync(HttpMethod.Post, accept, null))
        {
            var html = await done.ShouldBeLinkPageAsync(200, Data);
            html.ShouldContain("Accepted. Thank you!");
            completeFromPage = Regex.Match(html, "href=\"([^\"]+)\"").Groups[1].Value;
        }

        var visit = await _s.VisitAsync(id);
        visit.Value.Status.ShouldBe(VisitStatus.Accepted);
        (await _s.AuditAsync(id)).Single(r => r.GetString("Kind") == AuditKinds.VisitAccepted).GetString("Actor").ShouldBe("officer:OF-LA (link)");
        var complete = _s.LinkFor("OF-LA", "accepted", "completeUrl");
        completeFromPage.ShouldBe(complete, "the page and the confirmation give the same completion link");

        var accepted = await _s.SnapshotAsync(id);
        accepted.UsedLinks.ShouldBe(1);
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Get })
        {
            using var again = await _s.SendAsync(method, accept, null);
            (await again.ShouldBeLinkPageAsync(400, Data)).ShouldContain("This link was already used");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(accepted);

        using (var form = await _s.SendAsync(HttpMethod.Get, complete, null))
        {
            var html = await form.ShouldBeLinkPageAsync(200, Data);
            // The plan shows as placeholders only: one tap must not report the plan as what happened.
            html.ShouldContain("name=\"workersReached\" type=\"number\" min=\"0\" step=\"1\" required placeholder=\"40\"");
            html.ShouldContain("name=\"waterLitres\" type=\"number\" min=\"0\" step=\"0.1\" required placeholder=\"60\"");
            Regex.Matches(html, "<input[^>]*>").Select(m => m.Value).Where(i => i.Contains("type=\"number\"", StringComparison.Ordinal)).ShouldAllBe(i => !i.Contains("value=", StringComparison.Ordinal));
            html.ShouldContain("登记完成情况");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(accepted);
        using (var done = await _s.SendAsync(HttpMethod.Post, complete, null, Form(("workersReached", "38"), ("waterLitres", "57.5"), ("soupLitres", "19"), ("medicineKits", "4"), ("notes", "两名工人送医 / two to the clinic"))))
        {
            (await done.ShouldBeLinkPageAsync(200, Data)).ShouldContain("Recorded. Thank you!");
        }

        visit = await _s.VisitAsync(id);
        visit.Value.Status.ShouldBe(VisitStatus.Completed);
        visit.Value.Report.ShouldBe(new VisitReport(38, 57.5, 19, 4, "两名工人送医 / two to the clinic"));
        var completed = await _s.SnapshotAsync(id);
        completed.UsedLinks.ShouldBe(2);
        using (var again = await _s.SendAsync(HttpMethod.Post, complete, null, Form(("workersReached", "1"), ("waterLitres", "1"), ("soupLitres", "1"), ("medicineKits", "1"))))
        {
            (await again.ShouldBeLinkPageAsync(400, Data)).ShouldContain("This link was already used");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(completed);

        // The offer's decline link was never used, but the visit is done: its page says so, and offers no form.
        using (var page = await _s.SendAsync(HttpMethod.Get, _s.LinkFor("OF-LA", "offer", "declineUrl"), null))
        {
            var html = await page.ShouldBeLinkPageAsync(409, Data);
            html.ShouldContain("任务已完成");
            html.ShouldContain("This visit is completed: 38 workers reached, 57.5 L water, 19 L mung-bean soup, 4 medicine kits.");
            html.ShouldContain("此任务已完成：慰问38人");
            html.ShouldNotContain("<form");
        }

        using (var page = await _s.SendAsync(HttpMethod.Get, accept, null))
        {
            var html = await page.ShouldBeLinkPageAsync(400, Data);
            html.ShouldContain("此链接已使用过");
            html.ShouldContain("This visit is completed");
            html.ShouldNotContain("<form");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(completed);
    }

    [Fact]
    public async Task Link_Tampered_IsRefusedAndOnlyTheGenuineLinkActs()
    {
        var id = OfficerScenario.VisitOf("S-TAMPER");
        var genuine = _s.LinkFor("OF-LB", "offer", "acceptUrl");
        var (prefix, token) = Split(genuine);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var (payload, signature) = (token[..dot], token[(dot + 1)..]);
        var fields = Encoding.UTF8.GetString(FromBase64Url(payload)).Split('\n');
        var foreignKey = new ActionLinks(Options.Create(new VisitOptions { LinkSigningKey = "an-attacker-guessed-key-0123456789abcdef" }), new FakeTimeProvider(OfficerScenario.Now));
        var before = await _s.SnapshotAsync(id);

        var tampered = new Dictionary<string, string>
        {
            ["a character of the payload"] = Flip(payload, payload.Length / 2) + "." + signature,
            ["a character of the signature"] = payload + "." + Flip(signature, signature.Length / 2),
            ["another officer in the payload"] = Payload(fields[0], "OF-LC", fields[2], fields[3]) + "." + signature,
            ["another action in the payload"] = Payload(fields[0], fields[1], "decline", fields[3]) + "." + signature,
            ["a later expiry in the payload"] = Payload(fields[0], fields[1], fields[2], (long.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture) + 86_400).ToString(System.Globalization.CultureInfo.InvariantCulture)) + "." + signature,
            ["the signature cut short"] = payload + "." + signature[..^2],
            ["no signature"] = payload + ".",
            ["no payload"] = "." + signature,
            ["a signature from another key"] = foreignKey.Create(fields[0], fields[1], LinkAction.Accept, DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture))),
            ["a padded signature"] = payload + "." + signature + "=",
            ["an over-long token"] = payload + new string('A', 1100) + "." + signature,
        };

        foreach (var (what, bad) in tampered)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var response = await _s.SendAsync(method, prefix + Uri.EscapeDataString(bad), null);
                (await response.ShouldBeLinkPageAsync(400, Data)).ShouldContain("This link is not valid", customMessage: what);
            }
        }

        (await _s.SnapshotAsync(id)).ShouldBe(before);

        using (var response = await _s.SendAsync(HttpMethod.Post, genuine, null))
        {
            (await response.ShouldBeLinkPageAsync(200, Data)).ShouldContain("Accepted.");
        }

        (await _s.VisitAsync(id)).Value.Status.ShouldBe(VisitStatus.Accepted);
    }

    [Fact]
    public async Task Link_SignedForAnotherOfficer_IsRefusedAndChangesNothing()
    {
        // A genuinely signed link, but for OF-LD, on a visit OF-LC holds (as if the visit had moved on).
        var id = OfficerScenario.VisitOf("S-OTHER");
        (await _s.VisitAsync(id)).Value.OfficerId.ShouldBe("OF-LC");
        var links = _s.Harness.Get<ActionLinks>();
        var before = await _s.SnapshotAsync(id);

        foreach (var action in Enum.GetValues<LinkAction>())
        {
            var url = links.Url(links.Create(id, "OF-LD", action, OfficerScenario.Now.AddHours(1)));
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                var form = method == HttpMethod.Post ? Form(("reason", "not mine"), ("workersReached", "1"), ("waterLitres", "1"), ("soupLitres", "1"), ("medicineKits", "1")) : null;
                using var response = await _s.SendAsync(method, url, null, form);
                (await response.ShouldBeLinkPageAsync(400, Data)).ShouldContain("This visit is no longer yours");
            }
        }

        (await _s.SnapshotAsync(id)).ShouldBe(before);
        (await _s.SnapshotAsync(OfficerScenario.VisitOf("S-MINE"))).Status.ShouldBe("assigned", "OF-LD's own visit is untouched too");
    }

    [Fact]
    public async Task Link_CompleteBeforeAccepting_IsRefusedWithNothingChanged()
    {
        var id = OfficerScenario.VisitOf("S-MINE");
        var links = _s.Harness.Get<ActionLinks>();
        var complete = links.Url(links.Create(id, "OF-LD", LinkAction.Complete, OfficerScenario.Now.AddHours(48)));
        var before = await _s.SnapshotAsync(id);

        using var response = await _s.SendAsync(HttpMethod.Post, complete, null, Form(("workersReached", "40"), ("waterLitres", "60"), ("soupLitres", "20"), ("medicineKits", "4")));

        var html = await response.ShouldBeLinkPageAsync(409, Data);
        html.ShouldContain("Nothing was changed");
        html.ShouldContain("未做任何更改");
        html.ShouldContain("Accept the visit first");
        html.ShouldContain("请先接受任务");
        (await _s.SnapshotAsync(id)).ShouldBe(before, "a refused link is not marked used either");

        using var page = await _s.SendAsync(HttpMethod.Get, complete, null);
        html = await page.ShouldBeLinkPageAsync(409, Data);
        html.ShouldContain("This visit is not accepted yet");
        html.ShouldContain("任务尚未接受");
        html.ShouldContain("answer by 2026-07-15 11:00 (UTC+8)");
        html.ShouldNotContain("<form");
        LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(html);
        (await _s.SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task Link_Decline_ReassignsAndTheFirstOfficersOtherLinksStopWorking()
    {
        var id = OfficerScenario.VisitOf("S-LDECL");
        var accept = _s.LinkFor("OF-LE1", "offer", "acceptUrl");
        var decline = _s.LinkFor("OF-LE1", "offer", "declineUrl");

        using (var page = await _s.SendAsync(HttpMethod.Get, decline, null))
        {
            (await page.ShouldBeLinkPageAsync(200, Data)).ShouldContain("<input name=\"reason\" maxlength=\"500\" required");
        }

        using (var done = await _s.SendAsync(HttpMethod.Post, decline, null, Form(("reason", "Van broke down"))))
        {
            (await done.ShouldBeLinkPageAsync(200, Data)).ShouldContain("Declined. The visit goes to another officer.");
        }

        var visit = await _s.VisitAsync(id);
        visit.Value.OfficerId.ShouldBe("OF-LE2");
        visit.History.Single(h => h.To == "declined").ShouldBe(new VisitTransition(OfficerScenario.Now, "assigned", "declined", "officer:OF-LE1 (link)", "OF-LE1", "Van broke down"));
        (await _s.LoadOfAsync("OF-LE1")).ShouldBeEmpty();
        var reassigned = await _s.SnapshotAsync(id);

        foreach (var link in new[] { accept, decline })
        {
            using var response = await _s.SendAsync(HttpMethod.Post, link, null);
            (await response.ShouldBeLinkPageAsync(400, Data)).ShouldMatch("(This visit is no longer yours|This link was already used)");
        }

        // The first officer's offer, opened after the visit moved on, says it is no longer theirs, in both languages.
        using (var page = await _s.SendAsync(HttpMethod.Get, accept, null))
        {
            var html = await page.ShouldBeLinkPageAsync(400, Data);
            html.ShouldContain("This visit is no longer yours");
            html.ShouldContain("此任务已不再由您负责");
            html.ShouldNotContain("<form");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(reassigned);
        using (var taken = await _s.SendAsync(HttpMethod.Post, _s.LinkFor("OF-LE2", "offer", "acceptUrl"), null))
        {
            await taken.ShouldBeLinkPageAsync(200, Data);
        }

        (await _s.VisitAsync(id)).Value.Status.ShouldBe(VisitStatus.Accepted);
    }

    [Theory]
    [InlineData("workersReached=-3&waterLitres=30&soupLitres=10&medicineKits=3", "must be numbers")]
    [InlineData("workersReached=ten&waterLitres=30&soupLitres=10&medicineKits=3", "must be numbers")]
    [InlineData("workersReached=25&waterLitres=-1&soupLitres=10&medicineKits=3", "waterLitres must be a number from 0 to 100000")]
    [InlineData("workersReached=25&waterLitres=NaN&soupLitres=10&medicineKits=3", "waterLitres must be a number from 0 to 100000")]
    [InlineData("workersReached=25&waterLitres=30&soupLitres=10", "must be numbers")]
    [InlineData("workersReached=25&waterLitres=30&soupLitres=10&medicineKits=3000000", "medicineKits must be a whole number from 0 to 10000")]
    [InlineData("", "must be numbers")]
    public async Task Link_CompleteWithBadNumbers_ShowsTheProblemAndChangesNothing(string form, string problem)
    {
        var id = OfficerScenario.VisitOf("S-FORM");
        await AcceptedAsync(id, "OF-LG");
        var complete = _s.LinkFor("OF-LG", "accepted", "completeUrl");
        var before = await _s.SnapshotAsync(id);

        using var response = await _s.SendAsync(HttpMethod.Post, complete, null, new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));

        (await response.ShouldBeLinkPageAsync(400, Data)).ShouldContain(problem);
        (await _s.SnapshotAsync(id)).ShouldBe(before, "the link stays usable for a corrected form");
    }

    [Fact]
    public async Task Link_CompleteWithMalformedMultipartForm_IsRefusedWithNothingChanged()
    {
        var id = OfficerScenario.VisitOf("S-FORM");
        await AcceptedAsync(id, "OF-LG");
        var complete = _s.LinkFor("OF-LG", "accepted", "completeUrl");
        var before = await _s.SnapshotAsync(id);
        var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"workersReached\"\r\n\r\n25", Encoding.UTF8);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        using var response = await _s.SendAsync(HttpMethod.Post, complete, null, broken);

        (await response.ShouldBeLinkPageAsync(400, Data)).ShouldContain("The form could not be read");
        (await _s.SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task Link_AfterTheAnswerIsDue_IsRefusedAsExpiredAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scenario = await OfficerScenario.StartAsync(azurite, [new("S-EXP", "Tongzhou", 39.900, 116.650)], [new("OF-EXP", "Tongzhou", 39.901, 116.651)], null, ct);
        var id = OfficerScenario.VisitOf("S-EXP");
        var accept = scenario.LinkFor("OF-EXP", "offer", "acceptUrl");
        var decline = scenario.LinkFor("OF-EXP", "offer", "declineUrl");
        using (var open = await scenario.SendAsync(HttpMethod.Get, accept, null))
        {
            await open.ShouldBeLinkPageAsync(200, Data);
        }

        scenario.Clock.Advance(TimeSpan.FromMinutes(60));
        var before = await scenario.SnapshotAsync(id);
        foreach (var link in new[] { accept, decline })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var response = await scenario.SendAsync(method, link, null);
                var html = await response.ShouldBeLinkPageAsync(400, Data);
                html.ShouldContain("This link has expired");
                html.ShouldContain("此链接已过期");
                html.ShouldContain("valid until 2026-07-15 11:00 (UTC+8)");
                html.ShouldContain("此链接有效期至2026-07-15 11:00（北京时间）");
                LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(html);
            }
        }

        (await scenario.SnapshotAsync(id)).ShouldBe(before);
    }

    private async Task AcceptedAsync(string id, string officerId)
    {
        if ((await _s.VisitAsync(id)).Value.Status == VisitStatus.Assigned)
        {
            using var response = await _s.SendAsync(HttpMethod.Post, $"visits/{id}/accept", _s.OfficerToken(officerId));
            await response.ShouldBeJsonAsync();
        }
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    /// <summary>The link's URL up to the token, and the token.</summary>
    private static (string Prefix, string Token) Split(string url)
    {
        var cut = url.LastIndexOf('/') + 1;
        return (url[..cut], url[cut..]);
    }

    /// <summary>Changes one base64url character to another that changes the decoded bytes.</summary>
    private static string Flip(string text, int index) =>
        string.Concat(text.AsSpan(0, index), text[index] == 'A' ? "B" : "A", text.AsSpan(index + 1));

    private static string Payload(params string[] fields) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', fields))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}

using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Acks;
using HeatRelief.Audit;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Sites acknowledge, through the self-host with a fake clock: a red site's manager gets a link in their alert, the
/// form records the measures once; silence is followed up (reminder, visit first and officer told, admins told),
/// each step once across repeated runs and two hosts; an answer that keeps people outdoors at red escalates at once;
/// used, expired and tampered links change nothing.
/// </summary>
public sealed class AckTests(AzuriteFixture azurite)
{
    private static readonly ScenarioOfficer[] Officers = [new("OF-ACK", "Dongcheng", 39.931, 116.421)];

    [Fact]
    public async Task Manager_Acknowledges_MeasuresRecordedAndNobodyReminded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync("S-ACK1", ct);
        var url = AckUrl(s, "M-S-ACK1");
        NoAckUrl(s, "W-S-ACK1");

        var form = await (await s.SendAsync(HttpMethod.Get, url, null)).ShouldBePageAsync(200);
        form.ShouldContain("确认防暑降温措施");
        form.ShouldContain("Confirm your heat measures");
        form.ShouldContain("当日应停止露天作业");

        var done = await (await Post(s, url, ["outdoor-work-stopped", "water-shade-rest"], "0")).ShouldBePageAsync(200);
        done.ShouldContain("已收到贵单位的确认");
        done.ShouldContain("Your site's confirmation is recorded");

        var ack = await CaseAsync(s, "S-ACK1");
        ack.Answer.ShouldNotBeNull();
        ack.Answer.RecipientId.ShouldBe("M-S-ACK1");
        ack.Answer.Measures.ShouldBe([AckMeasure.OutdoorWorkStopped, AckMeasure.WaterShadeRest]);
        ack.Answer.OutdoorWorkersNow.ShouldBe(0);

        // The officer sees the site's answer on their page, to check on the spot.
        var officerPage = await (await s.SendAsync(HttpMethod.Get, "officer", s.OfficerToken("OF-ACK"))).ShouldBePageAsync(200);
        officerPage.ShouldContain("data-ack=\"answered\"");
        officerPage.ShouldContain("今日已停止露天作业");
        officerPage.ShouldContain("Outdoor work stopped for today");

        // The admins' compliance view lists the site's answer.
        var view = await (await s.SendAsync(HttpMethod.Get, $"manage/acks?date={OfficerScenario.DateKey}", s.AdminToken())).ShouldBeJsonAsync();
        var row = view.GetProperty("sites").EnumerateArray().ShouldHaveSingleItem();
        (row.GetProperty("siteId").GetString(), row.GetProperty("answered").GetBoolean(), row.GetProperty("breaksRule").GetBoolean()).ShouldBe(("S-ACK1", true, false));
        row.GetProperty("measures").EnumerateArray().Select(m => m.GetString()).ShouldBe(["outdoor-work-stopped", "water-shade-rest"]);
        await (await s.SendAsync(HttpMethod.Get, "manage/acks?date=15/07/2026", s.AdminToken())).ShouldBeProblemAsync(400);

        // At the visit the officer records whether the answer matched what they saw: by the one-tap link here.
        var visitId = OfficerScenario.VisitOf("S-ACK1");
        (await s.PostJsonAsync($"visits/{visitId}/accept", s.OfficerToken("OF-ACK"), "{}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var completeUrl = s.LinkFor("OF-ACK", "accepted", "completeUrl");
        var completeForm = await (await s.SendAsync(HttpMethod.Get, completeUrl, null)).ShouldBePageAsync(200);
        completeForm.ShouldContain("name=\"measuresMatched\" value=\"no\"");
        completeForm.ShouldContain("今日已停止露天作业", customMessage: "the form shows what the site said, to compare");
        var report = new FormUrlEncodedContent([new("workersReached", "30"), new("waterLitres", "40"), new("soupLitres", "10"), new("medicineKits", "2"),
            new("notes", string.Empty), new("measuresMatched", "maybe")]);
        (await (await s.SendAsync(HttpMethod.Post, completeUrl, null, report)).ShouldBePageAsync(400)).ShouldContain("措施是否一致");
        report = new FormUrlEncodedContent([new("workersReached", "30"), new("waterLitres", "40"), new("soupLitres", "10"), new("medicineKits", "2"),
            new("notes", string.Empty), new("measuresMatched", "no")]);
        await (await s.SendAsync(HttpMethod.Post, completeUrl, null, report)).ShouldBePageAsync(200);
        (await s.VisitAsync(visitId)).Value.Report!.MeasuresMatched.ShouldBe(false);
        var checkedRow = (await (await s.SendAsync(HttpMethod.Get, $"manage/acks?date={OfficerScenario.DateKey}", s.AdminToken())).ShouldBeJsonAsync())
            .GetProperty("sites").EnumerateArray().ShouldHaveSingleItem();
        (checkedRow.GetProperty("visitStatus").GetString(), checkedRow.GetProperty("measuresMatched").GetBoolean()).ShouldBe(("completed", false));
        (await s.AuditAsync(visitId)).Single(r => r.GetString("Kind") == AuditKinds.VisitCompleted).GetString("Message")!.ShouldContain("did NOT match");

        s.Clock.Advance(TimeSpan.FromHours(6));
        (await s.Harness.Get<AckFollowUp>().RunAsync(s.Clock.GetUtcNow(), ct)).ShouldBe(0);
        s.Sink.Calls.Where(c => c.IdempotencyKey?.StartsWith("ack:", StringComparison.Ordinal) == true).ShouldBeEmpty();
        (await KindsAsync(s, "S-ACK1")).ShouldBe([AuditKinds.AckRequested, AuditKinds.AckReceived], ignoreOrder: true);
    }

    [Fact]
    public async Task SilentSite_RemindedThenVisitFirstAndOfficerToldThenAdminsTold_EachOnceAcrossRunsAndTwoHosts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync("S-ACK2", ct);
        await using var second = SelfHostHarness.Create(azurite, Settings(s), OfficerScenario.Now, account: s.Harness.Account);
        await second.StartAsync(ct);
        var asked = (await CaseAsync(s, "S-ACK2")).RequestedAt;

        async Task RunBothAsync(TimeSpan after)
        {
            var now = asked + after;
            s.Clock.SetUtcNow(now);
            second.Clock.SetUtcNow(now);
            // Both hosts' timers at once, then again (a timer that fires twice): the claims keep each step to one.
            await Task.WhenAll(s.Harness.Get<AckFollowUp>().RunAsync(now, ct), second.Get<AckFollowUp>().RunAsync(now, ct));
            await s.Harness.Get<AckFollowUp>().RunAsync(now, ct);
        }

        (await (await s.SendAsync(HttpMethod.Get, "officer", s.OfficerToken("OF-ACK"))).ShouldBePageAsync(200))
            .ShouldContain("data-ack=\"none\"", customMessage: "the officer sees that the site has not confirmed");
        var offer = s.Sink.Calls.Single(c => c.Path == "/officers/OF-ACK" && c.IdempotencyKey!.EndsWith(":offer", StringComparison.Ordinal)).Body;
        offer.GetProperty("body").GetString()!.ShouldContain("The employer has not confirmed its heat measures yet", customMessage: "the offer tells the officer too");
        offer.GetProperty("data").GetProperty("siteAcknowledgement").GetProperty("answered").GetBoolean().ShouldBeFalse();

        await RunBothAsync(TimeSpan.FromMinutes(59));
        Keys(s, ":remind:").ShouldBeEmpty("nothing is due before Acks__DueMinutes");

        await RunBothAsync(TimeSpan.FromMinutes(61));
        Keys(s, ":remind:").ShouldBe(["ack:S-ACK2_20260715:remind:M-S-ACK2"], "only managers are reminded, once");
        var reminder = s.Sink.Calls.Single(c => c.Path == "/managers/M-S-ACK2" && c.IdempotencyKey!.Contains(":remind:", StringComparison.Ordinal));
        reminder.Body.GetProperty("data").GetProperty("acknowledgeUrl").GetString().ShouldBe(AckUrl(s, "M-S-ACK2"), "the reminder carries the manager's own link");
        Keys(s, ":escalate:").ShouldBeEmpty();
        (await s.VisitAsync(OfficerScenario.VisitOf("S-ACK2"))).Value.MeasuresUnconfirmedAt.ShouldBeNull();

        await RunBothAsync(TimeSpan.FromMinutes(121));
        Keys(s, ":escalate:").ShouldBe(["ack:S-ACK2_20260715:escalate:OF-ACK"]);
        (await s.VisitAsync(OfficerScenario.VisitOf("S-ACK2"))).Value.MeasuresUnconfirmedAt.ShouldNotBeNull("the visit is now offered before the day's other waiting visits");

        var hottest = (await CaseAsync(s, "S-ACK2")).HottestStartsAt(new AckOptions());
        hottest.ShouldBeGreaterThan(asked.AddMinutes(121), "the scenario's hottest hours start after the escalation");
        await RunBothAsync(hottest - asked - TimeSpan.FromMinutes(1));
        Keys(s, ":admins:").ShouldBeEmpty("the admins hear when the hottest hours start");
        await RunBothAsync(hottest - asked);
        Keys(s, ":admins:").ShouldBe(["ack:S-ACK2_20260715:admins:all"]);
        s.Sink.Calls.Single(c => c.Path == "/admins" && c.IdempotencyKey!.StartsWith("ack:", StringComparison.Ordinal))
            .Body.GetProperty("body").GetString()!.ShouldContain("仍未确认");

        await RunBothAsync(TimeSpan.FromHours(6));
        s.Sink.Calls.Count(c => c.IdempotencyKey?.StartsWith("ack:", StringComparison.Ordinal) == true).ShouldBe(3, "each step once, whatever runs later");
        var silent = (await (await s.SendAsync(HttpMethod.Get, $"manage/acks?date={OfficerScenario.DateKey}", s.AdminToken())).ShouldBeJsonAsync())
            .GetProperty("sites").EnumerateArray().ShouldHaveSingleItem();
        silent.GetProperty("answered").GetBoolean().ShouldBeFalse();
        foreach (var step in new[] { "remindedAt", "escalatedAt", "adminsToldAt" })
        {
            silent.GetProperty(step).ValueKind.ShouldBe(JsonValueKind.String, $"the compliance view shows {step}");
        }

        var kinds = await KindsAsync(s, "S-ACK2");
        kinds.Count(k => k == AuditKinds.AckReminded).ShouldBe(1);
        kinds.Count(k => k == AuditKinds.AckEscalated).ShouldBe(2, "one for the visit, one for the admins");

        // The same trail in the terminal: ./run.sh logs --kind ack.* lists the family and nothing else.
        var logs = new StringWriter();
        (await LogsCommand.RunAsync(CommandLine.Parse(["logs", "--date", OfficerScenario.DateKey, "--kind", "ack.*", "--site", "S-ACK2"]), s.Harness.Host.Services, logs, ct)).ShouldBe(0);
        var lines = logs.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[^1].ShouldStartWith($"4 records for {OfficerScenario.DateKey}");
        lines[1..^1].Select(l => l.Split("  ", 3, StringSplitOptions.RemoveEmptyEntries)[1].Trim())
            .ShouldBe([AuditKinds.AckRequested, AuditKinds.AckReminded, AuditKinds.AckEscalated, AuditKinds.AckEscalated], ignoreOrder: true);
    }

    [Fact]
    public async Task RedSite_AnswerSaysWorkContinues_OfficerAndAdminsToldAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync("S-ACK3", ct);

        var page = await (await Post(s, AckUrl(s, "M-S-ACK3"), ["water-shade-rest"], "12")).ShouldBePageAsync(200);
        page.ShouldContain("当日应停止露天作业");
        page.ShouldContain("the union's officer has been told");

        Keys(s, ":escalate:").ShouldBe(["ack:S-ACK3_20260715:escalate:OF-ACK"], "at once, without waiting for the timer");
        Keys(s, ":admins:").ShouldBe(["ack:S-ACK3_20260715:admins:all"]);
        s.Sink.Calls.Single(c => c.Path == "/officers/OF-ACK" && c.IdempotencyKey!.Contains(":escalate:", StringComparison.Ordinal))
            .Body.GetProperty("body").GetString()!.ShouldContain("(12 outdoors)");
        Keys(s, ":remind:").ShouldBeEmpty("the site answered");

        // The officer's report through the API (the officer's page posts the same): the answer was checked and matched.
        var visitId = OfficerScenario.VisitOf("S-ACK3");
        var token = s.OfficerToken("OF-ACK");
        (await s.PostJsonAsync($"visits/{visitId}/accept", token, "{}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await s.PostJsonAsync($"visits/{visitId}/complete", token, """{"workersReached":12,"waterLitres":20,"soupLitres":5,"medicineKits":1,"measuresMatched":true}"""))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await s.VisitAsync(visitId)).Value.Report!.MeasuresMatched.ShouldBe(true);

        s.Clock.Advance(TimeSpan.FromHours(3));
        await s.Harness.Get<AckFollowUp>().RunAsync(s.Clock.GetUtcNow(), ct);
        s.Sink.Calls.Count(c => c.IdempotencyKey?.StartsWith("ack:", StringComparison.Ordinal) == true).ShouldBe(2);
    }

    [Fact]
    public async Task UsedExpiredOrTamperedLink_ChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync("S-ACK4", ct);
        var url = AckUrl(s, "M-S-ACK4");

        var tampered = url[..^3] + (url[^3] == 'A' ? "B" : "A") + url[^2..];
        var before = await RowAsync(s, "S-ACK4");
        (await (await Post(s, tampered, ["outdoor-work-stopped"], "0")).ShouldBePageAsync(400)).ShouldContain("The link is incomplete or was changed");
        (await RowAsync(s, "S-ACK4")).ETag.ShouldBe(before.ETag);

        var bad = await (await Post(s, url, [], "0")).ShouldBePageAsync(400);
        bad.ShouldContain("请至少勾选一项");
        bad.ShouldContain("Nothing was changed.");
        (await RowAsync(s, "S-ACK4")).ETag.ShouldBe(before.ETag);

        await (await Post(s, url, ["outdoor-work-stopped"], "0")).ShouldBePageAsync(200);
        var answered = await RowAsync(s, "S-ACK4");
        var auditCount = (await KindsAsync(s, "S-ACK4")).Count;
        (await (await Post(s, url, ["hours-limited"], "5")).ShouldBePageAsync(409)).ShouldContain("This link was already used");
        (await (await s.SendAsync(HttpMethod.Get, url, null)).ShouldBePageAsync(409)).ShouldContain("此链接已使用");
        (await RowAsync(s, "S-ACK4")).ETag.ShouldBe(answered.ETag);
        (await KindsAsync(s, "S-ACK4")).Count.ShouldBe(auditCount);

        s.Clock.SetUtcNow(new DateTimeOffset(2026, 7, 15, 16, 0, 0, TimeSpan.Zero)); // midnight in Beijing: the heat day is over
        var expired = await (await Post(s, url, ["outdoor-work-stopped"], "0")).ShouldBePageAsync(410);
        expired.ShouldContain("链接已过期");
        expired.ShouldContain("This link has expired");
        (await RowAsync(s, "S-ACK4")).ETag.ShouldBe(answered.ETag);
    }

    private static Task<OfficerScenario> StartAsync(AzuriteFixture azurite, string siteId, CancellationToken ct) =>
        OfficerScenario.StartAsync(azurite, [new(siteId, "Dongcheng", 39.930, 116.420)], Officers, null, ct, sink =>
        [
            $"M-{siteId},{siteId},Site Manager,manager,webhook,{sink.Url($"/managers/M-{siteId}")},zh,,",
            $"W-{siteId},{siteId},Worker,worker,webhook,{sink.Url($"/workers/W-{siteId}")},zh,,",
        ]);

    private Task<OfficerScenario> StartAsync(string siteId, CancellationToken ct) => StartAsync(azurite, siteId, ct);

    private static Dictionary<string, string?> Settings(OfficerScenario s) => new()
    {
        ["Weather:RecordingPath"] = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.90, 116.40, [41.0, 41.0, 41.0])),
        ["Alerts:LookaheadDays"] = "0",
        ["Visits:AdminRecipients"] = $"webhook:{s.Sink.Url("/admins")}",

        // One deployment, one public address: either host may send the reminder, with the same link.
        ["Visits:PublicBaseUrl"] = s.Harness.BaseAddress!.ToString().TrimEnd('/'),
        [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
    };

    private static string AckUrl(OfficerScenario s, string managerId)
    {
        var alert = s.Sink.Calls.Where(c => c.Path == $"/managers/{managerId}" && c.IdempotencyKey?.StartsWith("ack:", StringComparison.Ordinal) == false).ShouldHaveSingleItem();
        var url = alert.Body.GetProperty("data").GetProperty("acknowledgeUrl").GetString()!;
        alert.Body.GetProperty("body").GetString()!.ShouldContain(url, customMessage: "the link is in the text the manager reads");
        return url;
    }

    private static void NoAckUrl(OfficerScenario s, string workerId)
    {
        var alert = s.Sink.Calls.Where(c => c.Path == $"/workers/{workerId}").ShouldHaveSingleItem();
        alert.Body.GetProperty("data").TryGetProperty("acknowledgeUrl", out _).ShouldBeFalse("workers are not asked to answer for the site");
    }

    private static Task<HttpResponseMessage> Post(OfficerScenario s, string url, string[] measures, string outdoors) =>
        s.SendAsync(HttpMethod.Post, url, null, new FormUrlEncodedContent(
            [.. measures.Select(m => new KeyValuePair<string, string>("measure", m)), new("outdoorWorkersNow", outdoors), new("other", string.Empty)]));

    private static IReadOnlyList<string> Keys(OfficerScenario s, string step) =>
        [.. s.Sink.Calls.Select(c => c.IdempotencyKey).OfType<string>().Where(k => k.StartsWith("ack:", StringComparison.Ordinal) && k.Contains(step, StringComparison.Ordinal))];

    private static async Task<AckCase> CaseAsync(OfficerScenario s, string siteId) =>
        (await s.Harness.Get<AckStore>().GetAsync(OfficerScenario.DateKey, siteId, TestContext.Current.CancellationToken)).ShouldNotBeNull().Value;

    private static async Task<TableEntity> RowAsync(OfficerScenario s, string siteId)
    {
        var table = await s.Harness.Get<StorageClients>().TableAsync(TableNames.Acks, TestContext.Current.CancellationToken);
        return (await table.GetEntityAsync<TableEntity>(OfficerScenario.DateKey, siteId, cancellationToken: TestContext.Current.CancellationToken)).Value;
    }

    private static async Task<IReadOnlyList<string>> KindsAsync(OfficerScenario s, string siteId)
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await s.Harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var rows = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"SiteId eq {siteId}"), cancellationToken: ct).ToListAsync(ct);
        return [.. rows.Select(r => r.GetString("Kind")).Where(k => k.StartsWith("ack.", StringComparison.Ordinal))];
    }
}

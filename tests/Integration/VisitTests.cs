using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Tests.Integration;

/// <summary>Choosing officers for visits against Azurite: the ranking's outcome, redelivery, priority, nobody free.</summary>
public sealed class VisitTests(AzuriteFixture azurite)
{
    private static readonly string Day = Alert.DateKeyOf(VisitScenario.Day);

    [Fact]
    public async Task Assign_VisitRequest_OffersNearestSameDistrictOfficerAndRecordsWhy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Visits:PublicBaseUrl"] = "https://heatrelief.example" });
        var messages = await VisitScenario.ArrangeAsync(services.Provider,
            [(VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 45), HeatLevel.Red)],
            [
                VisitScenario.Officer("NEAR", "Chaoyang", 39.93, 116.44, 3, "webhook", webhooks.Url("/officer/NEAR")),
                VisitScenario.Officer("FAR", "Chaoyang", 39.99, 116.44, 3),
                VisitScenario.Officer("OTHER", "Dongcheng", 39.921, 116.441, 3),
            ], ct);

        await services.Get<VisitService>().HandleAsync(messages[0], 1, "m1", ct);

        var visit = (await VisitScenario.VisitsAsync(services.Provider, ct)).ShouldHaveSingleItem();
        visit.Value.Id.ShouldBe("S1_20260715");
        visit.Value.Status.ShouldBe(VisitStatus.Assigned);
        visit.Value.OfficerId.ShouldBe("NEAR");
        visit.Value.AcceptBy.ShouldBe(services.Clock.GetUtcNow().AddMinutes(60));
        visit.Value.Plan.ShouldBe(new SupplyPlan(67.5, 22.5, 5));
        visit.Candidates.Select(c => c.OfficerId).ShouldBe(["NEAR", "FAR", "OTHER"], "same district first, then distance");
        visit.History.Select(h => h.To).ShouldBe(["pending", "assigned"]);

        var created = (await VisitScenario.AuditAsync(services.Provider, AuditKinds.VisitCreated, ct)).ShouldHaveSingleItem();
        created.GetString("OfficerId").ShouldBe("NEAR");
        created.GetString("VisitId").ShouldBe("S1_20260715");
        created.GetString("Details").ShouldContain("\"candidates\"");
        created.GetString("Message").ShouldEndWith("answer due 2026-07-15 11:00 (UTC+8)", customMessage: "admins read the campaign's local time, zone named");
        LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(created.GetString("Message"), "the audit message");

        var offer = webhooks.Calls.ShouldHaveSingleItem();
        offer.IdempotencyKey.ShouldBe("S1_20260715:NEAR:offer");
        var data = offer.Body.GetProperty("data");
        data.GetProperty("acceptUrl").GetString().ShouldStartWith("https://heatrelief.example/api/links/");
        data.GetProperty("medicineKits").GetInt32().ShouldBe(5);
        offer.Body.GetProperty("body").GetString()!.ShouldContain("67.5");
        offer.Body.GetProperty("body").GetString()!.ShouldContain("13:00-16:00");
        offer.Body.GetProperty("body").GetString()!.ShouldContain("请在2026-07-15 11:00（北京时间）前确认", customMessage: "the answer is due 03:00 UTC, 11:00 in Beijing");
        offer.Body.GetProperty("body").GetString()!.ShouldNotContain("UTC");
        data.GetProperty("acceptBy").GetDateTimeOffset().ShouldBe(services.Clock.GetUtcNow().AddMinutes(60), "machine data stays an instant");
        (await services.Get<OfficerLoadStore>().VisitsByOfficerAsync(Day, ct))["NEAR"].ShouldBe(["S1_20260715"]);
        (await services.Get<VisitStore>().GetAsync("S1_20260715", ct))!.Value.NotifiedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Assign_LevelRaisedByAnotherHostWhileOffering_OfferCommittedAtTheRaisedLevel()
    {
        // Two hosts at once: one offers the visit (the day's pass read it) while the other, handling the escalated alert,
        // raises its level. The offer must still be committed, not left pending until the timer comes by.
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await StorageProxy.StartAsync(azurite);
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = proxy.ConnectionString(azurite, AzuriteFixture.DefaultAccount, sas: false),
        });
        var messages = await VisitScenario.ArrangeAsync(services.Provider,
            [(VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 10), HeatLevel.Orange)],
            [VisitScenario.Officer("A", "Chaoyang", 39.93, 116.44, 3)], ct);
        var store = services.Get<VisitStore>();
        var raised = 0;
        VisitStatus? statusSeen = null;
        proxy.BeforeForward = async (service, request) =>
        {
            // The pass reads the officers right after reading the day's waiting visits: raise the level then.
            if (service == "table" && HttpMethods.IsGet(request.Method) && request.Path.Value!.Contains(TableNames.Officers + "()", StringComparison.Ordinal)
                && Interlocked.Exchange(ref raised, 1) == 0)
            {
                var stored = await store.GetAsync("S1_20260715", ct);
                statusSeen = stored?.Value.Status;
                if (stored is not null)
                {
                    await store.TryUpdateAsync(stored, stored.Value with { Level = HeatLevel.Red }, null, null, stored.ClaimedUntil, ct);
                }
            }
        };

        await services.Get<VisitService>().HandleAsync(messages[0], 1, "m1", ct);

        raised.ShouldBe(1);
        statusSeen.ShouldBe(VisitStatus.Pending, "the level was raised while the pass was offering the visit");
        var visit = (await store.GetAsync("S1_20260715", ct)).ShouldNotBeNull();
        visit.Value.Status.ShouldBe(VisitStatus.Assigned);
        visit.Value.OfficerId.ShouldBe("A");
        visit.Value.Level.ShouldBe(HeatLevel.Red, "the raised level is kept");
        visit.ClaimedUntil.ShouldBeNull();
        (await services.Get<OfficerLoadStore>().VisitsByOfficerAsync(Day, ct))["A"].ShouldBe(["S1_20260715"]);
    }

    [Fact]
    public async Task Assign_SameRequestRedelivered_OneVisitAndOneReservation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var messages = await VisitScenario.ArrangeAsync(services.Provider,
            [(VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 10), HeatLevel.Orange)],
            [VisitScenario.Officer("A", "Chaoyang", 39.93, 116.44, 3)], ct);
        var handler = services.Get<VisitService>();

        await handler.HandleAsync(messages[0], 1, "m1", ct);
        await handler.HandleAsync(messages[0], 2, "m1", ct);
        await handler.HandleAsync(messages[0], 1, "m1-copy", ct);

        (await VisitScenario.VisitsAsync(services.Provider, ct)).ShouldHaveSingleItem().Value.Attempt.ShouldBe(1);
        (await services.Get<OfficerLoadStore>().VisitsByOfficerAsync(Day, ct))["A"].Count.ShouldBe(1);
        (await services.Get<OfficerLoadStore>().SeasonVisitsAsync(2026, ct))["A"].ShouldBe(1);
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.VisitCreated, ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Assign_OfficersShort_HigherLevelThenMoreWorkersServedFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await VisitScenario.ArrangeAsync(services.Provider,
            [
                (VisitScenario.Site("YELLOW-BIG", "Chaoyang", 39.92, 116.44, 500), HeatLevel.Yellow),
                (VisitScenario.Site("RED-SMALL", "Chaoyang", 39.92, 116.45, 10), HeatLevel.Red),
                (VisitScenario.Site("RED-BIG", "Chaoyang", 39.92, 116.46, 80), HeatLevel.Red),
            ],
            [VisitScenario.Officer("ONLY", "Chaoyang", 39.93, 116.44, 2)], ct);

        // Three visits waiting at once (e.g. requested while the assigner was busy): one pass serves them by priority.
        var store = services.Get<VisitStore>();
        foreach (var (site, level, workers) in new[] { ("YELLOW-BIG", HeatLevel.Yellow, 500), ("RED-SMALL", HeatLevel.Red, 10), ("RED-BIG", HeatLevel.Red, 80) })
        {
            var alert = VisitScenario.AlertFor(site, level);
            (await store.InsertIfAbsentAsync(new Visit(Visit.IdFor(site, VisitScenario.Day), site, VisitScenario.Day, alert.Id, level, workers,
                VisitStatus.Pending, null, 0, [], null, null, null, new SupplyPlan(0, 0, 0), null, null, services.Clock.GetUtcNow()),
                new VisitTransition(services.Clock.GetUtcNow(), "-", "pending", "test", null, null), ct)).ShouldBeTrue();
        }

        var results = await services.Get<VisitAssigner>().AssignWaitingAsync(Day, [VisitStatus.Pending], "test", null, ct);

        results.ShouldBe([VisitStatus.Assigned, VisitStatus.Assigned, VisitStatus.Unassigned]);
        var visits = (await VisitScenario.VisitsAsync(services.Provider, ct)).ToDictionary(v => v.Value.SiteId, v => v.Value.Status);
        visits["RED-BIG"].ShouldBe(VisitStatus.Assigned);
        visits["RED-SMALL"].ShouldBe(VisitStatus.Assigned);
        visits["YELLOW-BIG"].ShouldBe(VisitStatus.Unassigned, "yellow waits although it has the most workers: level comes first");
    }

    [Fact]
    public async Task Assign_NobodyFree_UnassignedAuditedAndAdminsNotifiedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        // Officer A is about 70 km from the Yanqing sites: within this test's reach, so the cap is what stops the second visit.
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Visits:AdminRecipients"] = $"webhook:{webhooks.Url("/admins")}", ["Visits:MaxDistanceKm"] = "100" });
        var messages = await VisitScenario.ArrangeAsync(services.Provider,
            [(VisitScenario.Site("S1", "Yanqing", 40.45, 115.97, 30), HeatLevel.Red), (VisitScenario.Site("S2", "Yanqing", 40.46, 115.98, 30), HeatLevel.Red)],
            [VisitScenario.Officer("A", "Chaoyang", 39.93, 116.44, 1), new Officer("OFF", "Off", "Yanqing", 40.45, 115.97, "console", "x", 5, Active: false)], ct);

        foreach (var message in messages)
        {
            await services.Get<VisitService>().HandleAsync(message, 1, "m", ct);
        }

        var visits = await VisitScenario.VisitsAsync(services.Provider, ct);
        visits.Count(v => v.Value.Status == VisitStatus.Assigned).ShouldBe(1);
        var unassigned = visits.Single(v => v.Value.Status == VisitStatus.Unassigned);
        unassigned.Candidates.Single(c => c.OfficerId == "OFF").Reason.ShouldBe("inactive");
        unassigned.Candidates.Single(c => c.OfficerId == "A").Reason.ShouldBe("at daily cap 1/1");
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.VisitUnassigned, ct)).ShouldHaveSingleItem().GetString("VisitId").ShouldBe(unassigned.Value.Id);
        webhooks.Calls.ShouldHaveSingleItem().Body.GetProperty("title").GetString().ShouldStartWith("【无人可派】");

        // The timer retries it; still nobody, so admins are not told again.
        await services.Get<ReassignmentService>().RunAsync(ct);
        webhooks.Calls.Count.ShouldBe(1);
        (await services.Get<VisitStore>().GetAsync(unassigned.Value.Id, ct))!.Value.Status.ShouldBe(VisitStatus.Unassigned);
    }

    [Fact]
    public async Task Assign_OnlyOfficersFarAway_UnassignedNoOfficerWithinLimitAndAdminsTold()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Visits:AdminRecipients"] = $"webhook:{webhooks.Url("/admins")}" });
        // Issue 11: a Beijing site whose only officers are in Shanghai, 1,052 km away, had both visits offered there.
        var messages = await VisitScenario.ArrangeAsync(services.Provider,
            [(VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 40), HeatLevel.Red)],
            [
                VisitScenario.Officer("SH-1", "Chaoyang", 31.23, 121.47, 3, "webhook", webhooks.Url("/officer/SH-1")),
                VisitScenario.Officer("SH-2", "Huangpu", 31.24, 121.49, 3, "webhook", webhooks.Url("/officer/SH-2")),
            ], ct);

        await services.Get<VisitService>().HandleAsync(messages[0], 1, "m1", ct);

        var visit = (await VisitScenario.VisitsAsync(services.Provider, ct)).ShouldHaveSingleItem();
        visit.Value.Status.ShouldBe(VisitStatus.Unassigned);
        visit.Value.OfficerId.ShouldBeNull();
        visit.Candidates.ShouldAllBe(c => !c.Eligible && c.Reason.EndsWith("km away, beyond the 50 km limit", StringComparison.Ordinal));
        visit.Candidates.Min(c => c.DistanceKm).ShouldBeGreaterThan(1000);
        visit.History.Last().Note.ShouldBe("no officer within 50 km");
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.VisitUnassigned, ct)).ShouldHaveSingleItem()
            .GetString("Message").ShouldBe("Visit S1_20260715: no officer within 50 km; admins notified");
        var told = webhooks.Calls.ShouldHaveSingleItem("no offer went to an officer, only the admins' notice");
        told.Path.ShouldBe("/admins");
        told.Body.GetProperty("body").GetString()!.ShouldContain("50公里内没有工会干部");
        (await services.Get<OfficerLoadStore>().VisitsByOfficerAsync(Day, ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Assign_ManyRequestsOnThreeHostsAtOnce_NoCapExceededNoSiteTwiceRestUnassigned()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = azurite.RentAccount();
        await using var webhooks = await WebhookSink.StartAsync();
        var settings = new Dictionary<string, string?> { ["Visits:AdminRecipients"] = $"webhook:{webhooks.Url("/admins")}" };
        await using var hostA = new TestServices(azurite, settings, account: account);
        await using var hostB = new TestServices(azurite, settings, account: account);
        await using var hostC = new TestServices(azurite, settings, account: account);
        var sites = Enumerable.Range(1, 24).Select(i => (VisitScenario.Site($"S{i:00}", i % 2 == 0 ? "Chaoyang" : "Haidian", 39.9 + (i * 0.005), 116.3 + (i * 0.005), 10 + i), i % 3 == 0 ? HeatLevel.Red : HeatLevel.Orange)).ToList();
        IReadOnlyList<Officer> officers = [VisitScenario.Officer("A", "Chaoyang", 39.95, 116.35, 3), VisitScenario.Officer("B", "Haidian", 39.96, 116.36, 2), VisitScenario.Officer("C", "Haidian", 39.97, 116.37, 1)];
        var messages = await VisitScenario.ArrangeAsync(hostA.Provider, sites, officers, ct);

        // Every request twice (redelivery), spread over three hosts, all at once.
        var hosts = new[] { hostA, hostB, hostC };
        await Task.WhenAll(messages.Concat(messages).Select((m, i) => Task.Run(() => hosts[i % 3].Get<VisitService>().HandleAsync(m, 1, $"m{i}", ct), ct)));
        // Visits whose claim was held by a concurrent pass are picked up by the timer.
        await hostB.Get<ReassignmentService>().RunAsync(ct);

        var visits = await VisitScenario.VisitsAsync(hostA.Provider, ct);
        visits.Count.ShouldBe(24, "one visit per site and day, however often requested");
        var byOfficer = visits.Where(v => v.Value.Status == VisitStatus.Assigned).GroupBy(v => v.Value.OfficerId!).ToDictionary(g => g.Key, g => g.Count());
        byOfficer.ShouldBe(new Dictionary<string, int> { ["A"] = 3, ["B"] = 2, ["C"] = 1 }, ignoreOrder: true);
        visits.Count(v => v.Value.Status == VisitStatus.Unassigned).ShouldBe(18);
        var loads = await hostA.Get<OfficerLoadStore>().VisitsByOfficerAsync(Day, ct);
        loads.ToDictionary(l => l.Key, l => l.Value.Count).ShouldBe(new Dictionary<string, int> { ["A"] = 3, ["B"] = 2, ["C"] = 1 }, ignoreOrder: true);
        (await VisitScenario.AuditAsync(hostA.Provider, AuditKinds.VisitCreated, ct)).Count.ShouldBe(6);
        (await VisitScenario.AuditAsync(hostA.Provider, AuditKinds.VisitUnassigned, ct)).Count.ShouldBe(18);
        webhooks.Calls.Count(c => c.Path == "/admins").ShouldBe(18);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        visits.Where(v => v.Value.Status == VisitStatus.Assigned).Select(v => v.Value.Level).ShouldAllBe(l => l == HeatLevel.Red || l == HeatLevel.Orange);
    }

    [Fact]
    public async Task Import_OfficersWithOptionalColumns_ReadsActiveLanguageLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var folder = Path.Combine(Path.GetTempPath(), "heatrelief-tests", Guid.NewGuid().ToString("N"));
        var path = CsvFiles.Write(folder, "officers.csv", CsvFiles.OfficersHeader + ",active,language,login",
            "OF-1,Zhang,Chaoyang,39.9,116.4,console,13800000000,3,false,en,zhang@union.example",
            "OF-2,Li,Chaoyang,39.9,116.4,console,13800000001,3,,,");

        await services.Get<CsvImporter>().ImportOfficersAsync(path, ct);

        var officers = (await services.Get<SiteDirectory>().ListOfficersAsync(ct)).ToDictionary(o => o.Id);
        officers["OF-1"].Active.ShouldBeFalse();
        officers["OF-1"].Language.ShouldBe("en");
        officers["OF-1"].SignInName.ShouldBe("zhang@union.example");
        officers["OF-2"].Active.ShouldBeTrue();
        officers["OF-2"].Language.ShouldBe("zh");
        officers["OF-2"].SignInName.ShouldBe("OF-2");
        var bad = CsvFiles.Write(folder, "bad.csv", CsvFiles.OfficersHeader + ",active", "OF-3,Wang,Chaoyang,39.9,116.4,console,13800000002,3,maybe");
        (await Should.ThrowAsync<ImportException>(() => services.Get<CsvImporter>().ImportOfficersAsync(bad, ct))).Message.ShouldContain("column 'active': 'maybe' is not true or false");
    }
}

using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.Visits;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The day's visits as the heat check asks for them: recorded in batches, one "assign day" message, one pass that reads
/// the officers, loads and season counts once and writes in ETag-guarded batches; and the messages of an earlier version.
/// </summary>
public sealed class VisitDayTests(AzuriteFixture azurite)
{
    private const int Sites = 40;
    private static readonly string Day = Alert.DateKeyOf(VisitScenario.Day);

    [Fact]
    public async Task RequestDay_ManySites_OneMessageAssignsEveryVisitWithinCapsInFewRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var asked = await ArrangeAsync(services, Sites, ct);
        var counter = services.Get<StorageRequestCounter>();

        await services.Get<VisitRequests>().RequestDayAsync(Day, asked, ct);

        var queue = await services.Get<StorageClients>().QueueAsync(QueueNames.VisitRequests, ct);
        var message = (await queue.ReceiveMessagesAsync(32, cancellationToken: ct)).Value.ShouldHaveSingleItem("one message for the day, not one per alert");
        var body = message.Body.ToString();
        MessageRules.Parse<VisitRequestMessage>(body).Message.ShouldBe(VisitRequestMessage.ForDay(Day));

        var before = counter.Total;
        await services.Get<VisitService>().HandleAsync(body, 1, "day", ct);
        var requests = counter.Total - before;

        var visits = await VisitScenario.VisitsAsync(services.Provider, ct);
        visits.Count.ShouldBe(Sites);
        visits.Count(v => v.Value.Status == VisitStatus.Assigned).ShouldBe(30, "three officers with a cap of 10 each");
        visits.Count(v => v.Value.Status == VisitStatus.Unassigned).ShouldBe(Sites - 30);
        visits.Where(v => v.Value.Status == VisitStatus.Assigned).ShouldAllBe(v => v.Value.NotifiedAt != null, "every offer went out and is recorded");
        visits.ShouldAllBe(v => v.Value.Heat != null && v.Value.Heat.Hottest != null, "the offer's hottest hours are kept on the visit");
        var loads = await services.Get<OfficerLoadStore>().VisitsByOfficerAsync(Day, ct);
        loads.Values.ShouldAllBe(l => l.Count == 10, "no officer beyond their daily cap");
        (await services.Get<OfficerLoadStore>().SeasonVisitsAsync(2026, ct)).Values.Sum().ShouldBe(30);
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.VisitCreated, ct)).Count.ShouldBe(30);
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.VisitUnassigned, ct)).Count.ShouldBe(Sites - 30);

        // One visit at a time cost about ten table requests a visit (officers, day loads and season counts read again
        // for every visit, the claim, the reservation, the commit, the season count, the audit row, the alert, the
        // notice's mark). The pass reads those once and writes in batches, and reads the offers' acknowledgement cases
        // together (a read per offer made this 50): nothing is left per visit.
        requests.ShouldBeLessThanOrEqualTo(25, $"storage requests of the day's pass for {Sites} visits: {requests}");

        // Redelivered, the day message does no harm: one read, nothing written, nobody told twice.
        before = counter.Total;
        await services.Get<VisitService>().HandleAsync(body, 2, "day", ct);
        (counter.Total - before).ShouldBe(1);
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.VisitCreated, ct)).Count.ShouldBe(30);
    }

    [Fact]
    public async Task RequestDay_EscalatedAlertAndRerun_RaisesTheLevelKeepsTheOfficerAndMakesNoSecondVisit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var asked = await ArrangeAsync(services, 2, ct);
        var cleared = VisitScenario.AlertFor("S01", HeatLevel.Orange) with { Id = "S01_20260715_clear", Kind = AlertKind.Cleared };
        var inactive = (VisitScenario.AlertFor("OFF", HeatLevel.Red), VisitScenario.Site("OFF", "Chaoyang", 39.92, 116.44, 10) with { Active = false });
        await services.Get<VisitRequests>().RequestDayAsync(Day, [.. asked, (cleared, asked[1].Site), inactive], ct);
        await services.Get<VisitService>().HandleAsync(MessageJson.Serialize(VisitRequestMessage.ForDay(Day)), 1, "day", ct);
        var offered = (await services.Get<VisitStore>().GetAsync("S00_20260715", ct)).ShouldNotBeNull();
        offered.Value.Status.ShouldBe(VisitStatus.Assigned);
        (await VisitScenario.VisitsAsync(services.Provider, ct)).Count.ShouldBe(2, "no visit for an all-clear or an inactive site");

        // The heat check runs again (a re-queued orphan, a crash before the mark) and S00 escalates to red.
        var red = VisitScenario.AlertFor("S00", HeatLevel.Red) with { Kind = AlertKind.Escalated, PreviousLevel = HeatLevel.Orange };
        red = red with { Grade = red.Grade with { HottestWindow = new HottestWindow(new TimeOnly(12, 0), 4, 40.5) } };
        await services.Get<VisitRequests>().RequestDayAsync(Day, [(red, asked[0].Site), asked[1]], ct);
        await services.Get<VisitService>().HandleAsync(MessageJson.Serialize(VisitRequestMessage.ForDay(Day)), 1, "day-2", ct);

        (await VisitScenario.VisitsAsync(services.Provider, ct)).Count.ShouldBe(2);
        var raised = (await services.Get<VisitStore>().GetAsync("S00_20260715", ct)).ShouldNotBeNull();
        raised.Value.Level.ShouldBe(HeatLevel.Red);
        raised.Value.OfficerId.ShouldBe(offered.Value.OfficerId, "the visit keeps its officer");
        raised.Value.Status.ShouldBe(VisitStatus.Assigned);
        raised.Value.AlertId.ShouldBe(red.Id);
        raised.Value.Heat.ShouldNotBeNull().Hottest.ShouldBe(red.Grade.HottestWindow, "the offer names the raising alert's hottest hours");
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.VisitCreated, ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task VisitService_RequestQueuedByAnEarlierVersion_RecordsTheVisitAndAssignsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await VisitScenario.ArrangeAsync(services.Provider,
            [(VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 45), HeatLevel.Red)],
            [VisitScenario.Officer("A", "Chaoyang", 39.93, 116.44, 3)], ct);

        // The body as the fan-out of the previous version wrote it, one per alert.
        var alert = VisitScenario.AlertFor("S1", HeatLevel.Red);
        var body = $$"""{"schemaVersion":1,"alertId":"{{alert.Id}}","date":"2026-07-15","siteId":"S1"}""";
        await services.Get<VisitService>().HandleAsync(body, 1, "old", ct);

        var visit = (await VisitScenario.VisitsAsync(services.Provider, ct)).ShouldHaveSingleItem();
        visit.Value.Status.ShouldBe(VisitStatus.Assigned);
        visit.Value.OfficerId.ShouldBe("A");
        visit.Value.Heat.ShouldNotBeNull().Hottest.ShouldBe(alert.Grade.HottestWindow);
        (await services.Get<OfficerLoadStore>().VisitsByOfficerAsync(Day, ct))["A"].ShouldBe(["S1_20260715"]);
    }

    [Fact]
    public async Task DayPass_AnotherHostTakesASlotAsThePassReserves_CapStillHeld()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await StorageProxy.StartAsync(azurite);
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = proxy.ConnectionString(azurite, AzuriteFixture.DefaultAccount, sas: false),
        });
        await services.Get<SiteDirectory>().UpsertSitesAsync([VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 10), VisitScenario.Site("S2", "Chaoyang", 39.92, 116.45, 20)], ct);
        await services.Get<SiteDirectory>().UpsertOfficersAsync([VisitScenario.Officer("A", "Chaoyang", 39.93, 116.44, 2)], ct);
        var sites = (await services.Get<SiteDirectory>().ListSitesAsync(ct)).ToDictionary(s => s.Id);
        await services.Get<VisitRequests>().RequestDayAsync(Day,
            [(VisitScenario.AlertFor("S1", HeatLevel.Red), sites["S1"]), (VisitScenario.AlertFor("S2", HeatLevel.Red), sites["S2"])], ct);

        // Right after the pass read the day's load rows (it reads the season counts next), another host (the
        // reassignment timer offering yesterday's leftover, say) takes one of officer A's two slots.
        var loads = services.Get<OfficerLoadStore>();
        var taken = 0;
        proxy.BeforeForward = async (service, request) =>
        {
            if (service == "table" && HttpMethods.IsGet(request.Method) && request.Path.Value!.Contains(TableNames.OfficerLoad + "()", StringComparison.Ordinal)
                && request.QueryString.Value!.Contains("season", StringComparison.Ordinal) && Interlocked.Exchange(ref taken, 1) == 0)
            {
                (await loads.TryReserveAsync(Day, "A", "ELSEWHERE_20260715", 2, ct)).ShouldBeTrue();
            }
        };

        await services.Get<VisitService>().HandleAsync(MessageJson.Serialize(VisitRequestMessage.ForDay(Day)), 1, "day", ct);

        taken.ShouldBe(1);
        (await loads.VisitsByOfficerAsync(Day, ct))["A"].ShouldBe(["ELSEWHERE_20260715", "S2_20260715"], "the pass read the rows again and kept the cap of 2");
        var visits = (await VisitScenario.VisitsAsync(services.Provider, ct)).ToDictionary(v => v.Value.SiteId, v => v.Value.Status);
        visits["S2"].ShouldBe(VisitStatus.Assigned, "more workers first");
        visits["S1"].ShouldBe(VisitStatus.Unassigned);
    }

    /// <summary>Sites S00.. (workers rising), three officers with a cap of 10 nearby; returns each site's alert and site.</summary>
    private static async Task<List<(Alert Alert, Site Site)>> ArrangeAsync(TestServices services, int count, CancellationToken ct)
    {
        var directory = services.Get<SiteDirectory>();
        var sites = Enumerable.Range(0, count).Select(i => VisitScenario.Site($"S{i:00}", "Chaoyang", 39.90 + (i * 0.001), 116.44, 10 + i)).ToList();
        await directory.UpsertSitesAsync(sites, ct);
        await directory.UpsertOfficersAsync([
            VisitScenario.Officer("A", "Chaoyang", 39.91, 116.44, 10),
            VisitScenario.Officer("B", "Chaoyang", 39.92, 116.45, 10),
            VisitScenario.Officer("C", "Chaoyang", 39.93, 116.43, 10),
        ], ct);
        var alerts = sites.Select(s => VisitScenario.AlertFor(s.Id, HeatLevel.Orange)).ToList();
        await services.Get<AlertStore>().InsertIfAbsentAsync(Day, alerts, ct);
        var stored = (await directory.ListSitesAsync(ct)).ToDictionary(s => s.Id);
        return [.. alerts.Select(a => (a, stored[a.SiteId]))];
    }
}

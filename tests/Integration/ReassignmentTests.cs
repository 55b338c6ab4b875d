using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Messaging;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>Offers that are not answered expire, go to the next candidate, and escalate to admins: driven by a fake clock through the self-host.</summary>
public sealed class ReassignmentTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Reassign_UnansweredOffers_ExpireReassignThenEscalateToAdmins()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            ["Visits:AcceptWithinMinutes"] = "30",
            ["Visits:MaxAttempts"] = "2",
            ["Visits:AdminRecipients"] = $"webhook:{webhooks.Url("/admins")}",
        });
        var messages = await VisitScenario.ArrangeAsync(harness.Host.Services,
            [(VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 40), HeatLevel.Red)],
            [
                VisitScenario.Officer("FIRST", "Chaoyang", 39.93, 116.44, 3, "webhook", webhooks.Url("/officers/FIRST")),
                VisitScenario.Officer("SECOND", "Chaoyang", 39.97, 116.44, 3, "webhook", webhooks.Url("/officers/SECOND")),
                VisitScenario.Officer("THIRD", "Chaoyang", 40.05, 116.44, 3, "webhook", webhooks.Url("/officers/THIRD")),
            ], ct);
        await harness.StartAsync(ct);
        await harness.Get<QueueSender>().SendRawAsync(QueueNames.VisitRequests, messages[0], ct);
        (await RunCommand.DrainAsync(harness.Host, TimeSpan.FromSeconds(60), ct)).ShouldBeTrue();
        var store = harness.Get<VisitStore>();
        var id = "S1_20260715";
        (await store.GetAsync(id, ct))!.Value.OfficerId.ShouldBe("FIRST");

        // Within the time to answer the timer changes nothing.
        harness.Clock.Advance(TimeSpan.FromMinutes(29));
        await ReassignAsync(harness, ct);
        (await store.GetAsync(id, ct))!.Value.Status.ShouldBe(VisitStatus.Assigned);

        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        await ReassignAsync(harness, ct);
        var second = (await store.GetAsync(id, ct))!;
        second.Value.Status.ShouldBe(VisitStatus.Assigned);
        second.Value.OfficerId.ShouldBe("SECOND");
        second.Value.Attempt.ShouldBe(2);
        second.Value.AcceptBy.ShouldBe(harness.Clock.GetUtcNow().AddMinutes(30));
        var loads = await harness.Get<OfficerLoadStore>().VisitsByOfficerAsync("2026-07-15", ct);
        loads["FIRST"].ShouldBeEmpty("the expired officer's slot is given back");
        loads["SECOND"].ShouldBe([id]);

        harness.Clock.Advance(TimeSpan.FromMinutes(31));
        await ReassignAsync(harness, ct);
        var escalated = (await store.GetAsync(id, ct))!;
        escalated.Value.Status.ShouldBe(VisitStatus.Escalated, "two officers tried: the limit");
        escalated.Value.OfficerId.ShouldBeNull();
        escalated.Value.AdminsNotifiedAt.ShouldNotBeNull();
        escalated.History.Select(h => h.To).ShouldBe(["pending", "assigned", "expired", "assigned", "expired", "escalated"]);
        escalated.History.ShouldAllBe(h => h.Actor == "system");
        (await harness.Get<OfficerLoadStore>().VisitsByOfficerAsync("2026-07-15", ct)).Values.ShouldAllBe(v => v.Count == 0);

        var expiredRecords = await VisitScenario.AuditAsync(harness.Host.Services, AuditKinds.VisitExpired, ct);
        expiredRecords.Count.ShouldBe(2);
        expiredRecords.Select(r => r.GetString("Message")).ShouldContain("Visit S1_20260715: officer FIRST did not accept by 2026-07-15 10:30 (UTC+8)", "02:30 UTC, read in Beijing");
        escalated.History.ShouldContain(h => h.Note == "not accepted by 2026-07-15 10:30 (UTC+8)");

        // Nothing a person reads here shows a bare UTC time: audit messages, history notes, offers and admin notices.
        var audit = await harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        await foreach (var record in audit.QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: ct))
        {
            LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(record.GetString("Message"), $"the {record.GetString("Kind")} audit message");
        }

        LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(string.Join("\n", escalated.History.Select(h => h.Note)), "the visit's history");
        foreach (var call in webhooks.Calls)
        {
            LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(call.Body.GetProperty("title").GetString() + call.Body.GetProperty("body").GetString(), $"the notice to {call.Path}");
        }
        (await VisitScenario.AuditAsync(harness.Host.Services, AuditKinds.VisitReassigned, ct)).ShouldHaveSingleItem().GetString("OfficerId").ShouldBe("SECOND");
        (await VisitScenario.AuditAsync(harness.Host.Services, AuditKinds.VisitEscalated, ct)).ShouldHaveSingleItem();
        webhooks.Calls.Where(c => c.Path.StartsWith("/officers/", StringComparison.Ordinal)).Select(c => c.Path).ShouldBe(["/officers/FIRST", "/officers/SECOND"]);
        var notice = webhooks.Calls.Single(c => c.Path == "/admins");
        notice.Body.GetProperty("title").GetString().ShouldStartWith("【需人工安排】");

        // Later runs leave the escalated visit to the admins.
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await ReassignAsync(harness, ct);
        (await store.GetAsync(id, ct))!.Value.Status.ShouldBe(VisitStatus.Escalated);
        webhooks.Calls.Count(c => c.Path == "/admins").ShouldBe(1);
    }

    private static Task ReassignAsync(SelfHostHarness harness, CancellationToken ct) =>
        harness.Get<IJobHost>().CallAsync(FunctionNames.Reassign,
            new Dictionary<string, object?> { ["timer"] = new TimerInfo(new CronSchedule(NCrontab.CrontabSchedule.Parse("0 */5 * * * *", new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true })), new ScheduleStatus(), false) },
            ct);
}

using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>The heat check's acknowledgement cases for a whole day's alerts at once (issue 13: a few requests a day, not two or three per alert).</summary>
public sealed class AckRequestsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FollowAll_ADaysAlerts_ReadsTheDayOnce_WritesInBatches_AndEndsAsOneByOneWould()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var acks = services.Get<AckRequests>();
        var store = services.Get<AckStore>();
        var counter = services.Get<StorageRequestCounter>();

        // S000 already has an orange case from an earlier check.
        await acks.FollowAsync(VisitScenario.AlertFor("S000", HeatLevel.Orange), "c0", ct);
        var day = VisitScenario.AlertFor("S000", HeatLevel.Orange).DateKey;

        // This check: S000 escalates to red, S001-S149 are raised to orange, S002 is then cleared in the same list,
        // and S999, which never had a case, is cleared (nothing to close).
        var escalated = VisitScenario.AlertFor("S000", HeatLevel.Red) with { Kind = AlertKind.Escalated, PreviousLevel = HeatLevel.Orange };
        var raised = Enumerable.Range(1, 149).Select(i => VisitScenario.AlertFor($"S{i:D3}", HeatLevel.Orange)).ToList();
        var cleared = VisitScenario.AlertFor("S002", HeatLevel.None) with { Kind = AlertKind.Cleared, PreviousLevel = HeatLevel.Orange };
        var clearedNoCase = VisitScenario.AlertFor("S999", HeatLevel.None) with { Kind = AlertKind.Cleared, PreviousLevel = HeatLevel.Yellow };
        List<Alert> alerts = [escalated, .. raised, cleared, clearedNoCase];

        var before = counter.Total;
        await acks.FollowAllAsync(alerts, "c1", ct);
        var requests = counter.Total - before;

        // One day read, two insert batches, one replace batch, S002's second alert one by one (read + replace), and
        // the ack.requested records in at most one batch per audit bucket (16): per alert it was 2-3 each, over 300.
        requests.ShouldBeLessThanOrEqualTo(1 + 2 + 1 + 2 + 16);

        var cases = (await store.ListDayAsync(day, ct)).ToDictionary(s => s.Value.SiteId, s => s.Value);
        cases.Count.ShouldBe(150, "S000-S149; none for S999");
        cases["S000"].Level.ShouldBe(HeatLevel.Red);
        cases["S000"].AlertId.ShouldBe(escalated.Id);
        cases["S001"].Level.ShouldBe(HeatLevel.Orange);
        cases["S001"].Closed.ShouldBeFalse();
        cases["S002"].Closed.ShouldBeTrue("its all-clear came after its raise in the same check");
        cases["S149"].AlertId.ShouldBe(raised[^1].Id);

        var requested = await VisitScenario.AuditAsync(services.Provider, AuditKinds.AckRequested, ct);
        requested.Select(e => e.GetString("AlertId")).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { VisitScenario.AlertFor("S000", HeatLevel.Orange).Id, escalated.Id }.Concat(raised.Select(a => a.Id)).Order(StringComparer.Ordinal),
                "one record per asking alert, none for an all-clear");

        // Followed again (a re-queued orphan, a second check): nothing changes, no record twice.
        await acks.FollowAllAsync(alerts, "c2", ct);
        (await store.ListDayAsync(day, ct)).Select(s => Facts(s.Value)).OrderBy(c => c, StringComparer.Ordinal)
            .ShouldBe(cases.Values.Select(Facts).OrderBy(c => c, StringComparer.Ordinal));
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.AckRequested, ct)).Count.ShouldBe(requested.Count);
    }

    [Fact]
    public async Task FollowAll_TwoChecksAtOnce_TheBatchThatLosesFollowsOneByOne_EveryCaseOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var acks = services.Get<AckRequests>();
        var alerts = Enumerable.Range(0, 60).Select(i => VisitScenario.AlertFor($"R{i:D3}", i % 2 == 0 ? HeatLevel.Orange : HeatLevel.Red)).ToList();

        // Both read an empty day; one insert batch wins, the other fails as a whole and falls back per alert.
        await Task.WhenAll(acks.FollowAllAsync(alerts, "a", ct), acks.FollowAllAsync(alerts, "b", ct));

        var cases = await services.Get<AckStore>().ListDayAsync(alerts[0].DateKey, ct);
        cases.Select(c => c.Value.SiteId).Order(StringComparer.Ordinal).ShouldBe(alerts.Select(a => a.SiteId).Order(StringComparer.Ordinal));
        cases.ShouldAllBe(c => c.Value.Level == alerts.Single(a => a.SiteId == c.Value.SiteId).Level);
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.AckRequested, ct)).Count.ShouldBe(60);
    }

    private static string Facts(AckCase c) => $"{c.SiteId} {c.AlertId} {c.Level} {c.Closed} {c.RequestedAt:O}";
}

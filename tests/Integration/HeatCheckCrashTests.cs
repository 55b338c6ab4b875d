using Azure;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// A heat check that dies after deciding an alert but before queueing it: the decision is already in the
/// audit trail, and the first check of the next process queues the alert at once, however young, auditing it once.
/// </summary>
public sealed class HeatCheckCrashTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);
    private static readonly DateTimeOffset Start = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HeatCheck_DiesBeforeQueueing_AuditedFirstAndQueuedByNextProcessAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = azurite.RentAccount();
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0]));
        var settings = new Dictionary<string, string?> { ["Weather:RecordingPath"] = recording, ["Alerts:LookaheadDays"] = "0" };

        // The first process: its alerts queue disappears under it, so queueing fails after the decision.
        await using (var first = new TestServices(azurite, settings, Start, account))
        {
            await first.Get<StorageClients>().EnsureCreatedAsync(ct);
            var folder = TestPaths.NewTempFolder();
            var importer = first.Get<CsvImporter>();
            await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
            await (await first.Get<StorageClients>().QueueAsync(QueueNames.Alerts, ct)).DeleteAsync(ct);
            await Should.ThrowAsync<RequestFailedException>(() => first.Get<HeatCheckService>().RunAsync("check-1", ct));

            var stored = (await first.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).ShouldHaveSingleItem();
            stored.Progress.Enqueued.ShouldBeFalse();
            (await VisitScenario.AuditAsync(first.Provider, AuditKinds.AlertRaised, ct)).Count.ShouldBe(1, "the decision is audited before the alert is queued");
            (await VisitScenario.VisitsAsync(first.Provider, ct)).ShouldBeEmpty("the visits are recorded after the alerts are queued");
        }

        // Restarted 10 seconds later: the alert is younger than OrphanAfter, but older than this process's first check.
        await using var second = new TestServices(azurite, settings, Start.AddSeconds(10), account);
        var result = await second.Get<HeatCheckService>().RunAsync("check-2", ct);
        result.Enqueued.ShouldBe(1, "the orphan of the dead process is queued at once");
        var queue = await second.Get<StorageClients>().QueueAsync(QueueNames.Alerts, ct);
        (await queue.PeekMessagesAsync(32, ct)).Value.Length.ShouldBe(1);
        (await second.Get<AlertStore>().ListAsync(Alert.DateKeyOf(Today), ct)).ShouldHaveSingleItem().Progress.Enqueued.ShouldBeTrue();
        var raised = await VisitScenario.AuditAsync(second.Provider, AuditKinds.AlertRaised, ct);
        raised.Count.ShouldBe(1, "queueing it again rewrites the same audit record");
        raised[0].GetDateTimeOffset("Time").ShouldBe(Start, "timed at the decision, not the repair");

        // The orphan's visit is recorded too, and the day's pass asked for, so it is offered without waiting for the timer.
        (await VisitScenario.VisitsAsync(second.Provider, ct)).ShouldHaveSingleItem().Value.Status.ShouldBe(Visits.VisitStatus.Pending);
        var visitRequests = await second.Get<StorageClients>().QueueAsync(QueueNames.VisitRequests, ct);
        var day = (await visitRequests.ReceiveMessagesAsync(32, cancellationToken: ct)).Value.ShouldHaveSingleItem();
        await second.Get<Visits.VisitService>().HandleAsync(day.Body.ToString(), 1, "day", ct);
        (await VisitScenario.VisitsAsync(second.Provider, ct)).ShouldHaveSingleItem().Value.Status.ShouldBe(Visits.VisitStatus.Unassigned, "offered (no officer is registered here)");
    }
}

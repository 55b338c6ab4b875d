using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.FanOut;
using HeatRelief.Messaging;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.Visits;
using HeatRelief.Delivery;
using HeatRelief.HeatCheck;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// A site, recipient or officer is deactivated, re-activated or removed one at a time from the command line:
/// an inactive site is not checked, an inactive recipient not told, a re-import does not undo it, and one
/// contact listed twice is told once per alert.
/// </summary>
public sealed class DirectoryLifecycleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Lifecycle_DeactivatedSite_GetsNoHeatCheckAlertOrVisit()
    {
        var ct = TestContext.Current.CancellationToken;
        var forecast = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22),
            new ForecastBuilder.Location(39.80, 116.30, [41.0]), new ForecastBuilder.Location(39.95, 116.45, [41.0]));
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Weather:RecordingPath"] = forecast, ["Alerts:LookaheadDays"] = "0" });
        var folder = TestPaths.NewTempFolder();
        CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Xinfadi,Fengtai,39.8010,116.3020,market,120", "S2,Dongba,Chaoyang,39.9510,116.4520,construction,60");
        (await ImportCommand.RunAsync(CommandLine.Parse(["import", folder]), services.Provider, new StringWriter(), ct)).ShouldBe(0);

        var output = new StringWriter();
        (await DirectoryCommand.RunAsync(CommandLine.Parse(["deactivate", "site", "S2"]), services.Provider, output, ct)).ShouldBe(0);
        output.ToString().ShouldContain("Site S2 (Dongba) deactivated; it was active");

        await services.Get<HeatCheckService>().RunAsync("check-1", ct);

        var raised = await VisitScenario.AuditAsync(services.Provider, AuditKinds.AlertRaised, ct);
        raised.Select(e => e.GetString("SiteId")).ShouldBe(["S1"], "the finished site S2 is not checked");
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.SiteDeactivated, ct)).ShouldHaveSingleItem().GetString("SiteId").ShouldBe("S2");
    }

    [Fact]
    public async Task Lifecycle_ReimportWithoutActiveColumn_KeepsDeactivatedAndRemovedRows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var folder = TestPaths.NewTempFolder();
        CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,One,Fengtai,39.8,116.3,market,10", "S2,Two,Fengtai,39.8,116.3,market,10", "S3,Three,Fengtai,39.8,116.3,market,10");
        CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader, "R1,S1,Li,worker,console,13800000001,zh,,", "R2,S2,Wang,worker,console,13800000002,zh,,");
        CsvFiles.Write(folder, "officers.csv", CsvFiles.OfficersHeader, "OF-1,Zhang,Fengtai,39.8,116.3,console,13900000001,3");
        (await ImportCommand.RunAsync(CommandLine.Parse(["import", folder]), services.Provider, new StringWriter(), ct)).ShouldBe(0);
        foreach (var args in new[] { new[] { "deactivate", "site", "S1" }, ["remove", "site", "S2"], ["deactivate", "recipient", "R1"], ["remove", "officer", "OF-1"] })
        {
            (await DirectoryCommand.RunAsync(CommandLine.Parse(args), services.Provider, new StringWriter(), ct)).ShouldBe(0);
        }

        var again = new StringWriter();
        (await ImportCommand.RunAsync(CommandLine.Parse(["import", folder]), services.Provider, again, ct)).ShouldBe(0, again.ToString());

        var directory = services.Get<SiteDirectory>();
        var sites = (await directory.ListSitesAsync(ct)).ToDictionary(s => s.Id);
        (sites["S1"].Active, sites["S1"].Removed).ShouldBe((false, false), "a file without 'active' leaves the stored state");
        (sites["S2"].Active, sites["S2"].Removed).ShouldBe((false, true));
        sites["S3"].Active.ShouldBeTrue();
        (await directory.GetRecipientsAsync("S1", ["R1"], ct)).ShouldHaveSingleItem().Active.ShouldBeFalse();
        (await directory.GetOfficerAsync("OF-1", ct))!.Removed.ShouldBeTrue();
        again.ToString().ShouldContain("1 removed earlier stay removed (./run.sh activate site ID brings one back)");

        // A file that says 'active' sets it; only 'activate' brings a removed row back.
        var withColumn = CsvFiles.Write(TestPaths.NewTempFolder(), "sites.csv", CsvFiles.SitesHeader + ",active", "S1,One,Fengtai,39.8,116.3,market,10,yes", "S2,Two,Fengtai,39.8,116.3,market,10,true", "S3,Three,Fengtai,39.8,116.3,market,10,no");
        await services.Get<CsvImporter>().ImportSitesAsync(withColumn, ct);
        sites = (await directory.ListSitesAsync(ct)).ToDictionary(s => s.Id);
        (sites["S1"].Active, sites["S2"].Active, sites["S2"].Removed, sites["S3"].Active).ShouldBe((true, false, true, false));
        (await DirectoryCommand.RunAsync(CommandLine.Parse(["activate", "site", "S2"]), services.Provider, new StringWriter(), ct)).ShouldBe(0);
        (await directory.GetSiteAsync("S2", ct))!.ShouldSatisfyAllConditions(s => s.Active.ShouldBeTrue(), s => s.Removed.ShouldBeFalse());
    }

    [Fact]
    public async Task Lifecycle_RemovedSite_StillNamedByItsHistoryAndHiddenFromLists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<StorageClients>().EnsureCreatedAsync(ct);
        await services.Get<SiteDirectory>().UpsertSitesAsync([VisitScenario.Site("S1", "Fengtai", 39.8, 116.3, 10)], ct);

        var outcome = await services.Get<DirectoryLifecycle>().ChangeAsync(DirectoryKind.Site, "S1", LifecycleAction.Remove, "cli", ct);

        outcome.Changed.ShouldBeTrue();
        (await services.Get<SiteDirectory>().GetSiteAsync("S1", ct)).ShouldNotBeNull().Name.ShouldBe("Site S1", "deliveries and visits of the site still find its name");
        var removed = (await VisitScenario.AuditAsync(services.Provider, AuditKinds.SiteRemoved, ct)).ShouldHaveSingleItem();
        removed.GetString("Message").ShouldBe("Site S1 (Site S1) removed; it was active");
        (await services.Get<DirectoryLifecycle>().ChangeAsync(DirectoryKind.Site, "S1", LifecycleAction.Remove, "cli", ct)).ShouldBe(new LifecycleOutcome(false, "site S1 is already removed; nothing changed"));
        (await VisitScenario.AuditAsync(services.Provider, AuditKinds.SiteRemoved, ct)).Count.ShouldBe(1, "no change, no record");
    }

    [Theory]
    [InlineData(new[] { "remove", "site", "NOPE" }, "no site has the id 'NOPE'")]
    [InlineData(new[] { "deactivate", "officer", "NOPE" }, "no officer has the id 'NOPE'")]
    [InlineData(new[] { "activate", "recipient", "S1/NOPE" }, "no recipient has the id 'S1/NOPE'")]
    [InlineData(new[] { "remove", "recipient", "R1" }, "recipient id 'R1' is used at sites S1, S2; name one as SITE/R1")]
    public async Task Lifecycle_UnknownOrAmbiguousId_IsAOneLineError(string[] args, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<StorageClients>().EnsureCreatedAsync(ct);
        var directory = services.Get<SiteDirectory>();
        await directory.UpsertSitesAsync([VisitScenario.Site("S1", "Fengtai", 39.8, 116.3, 10), VisitScenario.Site("S2", "Fengtai", 39.8, 116.3, 10)], ct);
        await directory.UpsertRecipientsAsync([new Recipient("R1", "S1", "Li", "worker", "console", "13800000001", "zh", null, null), new Recipient("R1", "S2", "Li", "worker", "console", "13800000001", "zh", null, null)], ct);

        var error = await Should.ThrowAsync<DirectoryException>(() => DirectoryCommand.RunAsync(CommandLine.Parse(args), services.Provider, new StringWriter(), ct));

        error.Message.ShouldBe(expected);
        (await DirectoryCommand.RunAsync(CommandLine.Parse(["remove", "recipient", "S2/R1"]), services.Provider, new StringWriter(), ct)).ShouldBe(0);
        (await directory.GetRecipientsAsync("S2", ["R1"], ct)).ShouldHaveSingleItem().Removed.ShouldBeTrue();
        (await directory.GetRecipientsAsync("S1", ["R1"], ct)).ShouldHaveSingleItem().Removed.ShouldBeFalse();
    }

    [Theory]
    [InlineData(new[] { "remove", "depot", "S1" }, "unknown kind 'depot': expected site, recipient or officer")]
    [InlineData(new[] { "deactivate", "site" }, "Required argument 'ID' missing for command: 'deactivate'.")]
    [InlineData(new[] { "activate", "site", "S1", "S2" }, "'activate' takes no argument 'S2'")]
    [InlineData(new[] { "remove", "site", "S1", "--force=yes" }, "unknown option '--force=yes' for 'remove'")]
    public async Task Lifecycle_BadUsage_ExitsWith2(string[] args, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        (await SelfHostCli.RunAsync(args, output, error, TestContext.Current.CancellationToken)).ShouldBe(2);

        error.ToString().ShouldContain($"error: {expected}");
        output.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task FanOut_OneContactOnSeveralRows_IsToldOnceAndInactiveRecipientsNotAtAll()
    {
        var ct = TestContext.Current.CancellationToken;
        var forecast = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0]));
        // The site is told in-line, so its e-mail goes out: to a local SMTP sink.
        await using var smtp = SmtpSink.Start();
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = forecast,
            ["Alerts:LookaheadDays"] = "0",
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Security"] = "None",
        });
        var folder = TestPaths.NewTempFolder();
        CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Xinfadi,Fengtai,39.8010,116.3020,market,120");
        CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader + ",active",
            "R5,S1,Li,worker,console,138-0000-0001,zh,,,",
            "R1,S1,Li,foreman,console,13800000001,zh,,,",
            "R2,S1,Wang,worker,email,Wang@Example.com,zh,,,",
            "R3,S1,Wang,worker,email,wang@example.com,en,,,",
            "R4,S1,Zhao,worker,console,13800000004,zh,,,no",
            "R6,S1,Qian,worker,console,13800000006,zh,,,");
        var output = new StringWriter();
        (await ImportCommand.RunAsync(CommandLine.Parse(["import", folder]), services.Provider, output, ct)).ShouldBe(0);
        output.ToString().ShouldContain("warning: one console contact (138****0001) is on 2 recipient rows: R1 at S1, R5 at S1; it is told once per alert");

        await services.Get<HeatCheckService>().RunAsync("check-1", ct);
        await HandleAllAsync(services, QueueNames.Alerts, services.Get<FanOutService>(), ct);

        (await ToldRecipientsAsync(services, ct)).ShouldBe(["R1", "R2", "R6"], "the first id of each contact, ordinal; R4 is inactive");
    }

    [Fact]
    public async Task FanOut_SiteDeactivatedAfterItsAlert_TellsNobodyAndRequestsNoVisit()
    {
        var ct = TestContext.Current.CancellationToken;
        var forecast = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0]));
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Weather:RecordingPath"] = forecast, ["Alerts:LookaheadDays"] = "0" });
        var folder = TestPaths.NewTempFolder();
        CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Xinfadi,Fengtai,39.8010,116.3020,market,120");
        CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader, "R1,S1,Li,foreman,console,13800000001,zh,,");
        (await ImportCommand.RunAsync(CommandLine.Parse(["import", folder]), services.Provider, new StringWriter(), ct)).ShouldBe(0);
        await services.Get<HeatCheckService>().RunAsync("check-1", ct);

        await services.Get<DirectoryLifecycle>().ChangeAsync(DirectoryKind.Site, "S1", LifecycleAction.Deactivate, "cli", ct);
        await HandleAllAsync(services, QueueNames.Alerts, services.Get<FanOutService>(), ct);

        (await ToldRecipientsAsync(services, ct)).ShouldBeEmpty();

        // The heat check recorded the visit while the site was active; the day's pass (and the timer) offer it to nobody.
        await HandleAllAsync(services, QueueNames.VisitRequests, services.Get<VisitService>(), ct);
        await services.Get<ReassignmentService>().RunAsync(ct);
        var visit = (await services.Get<VisitStore>().ListOpenSinceAsync("2000-01-01", ct)).ShouldHaveSingleItem();
        visit.Value.Status.ShouldBe(VisitStatus.Pending, "an inactive site's visit is neither offered nor reported unassigned");
        (await services.Get<OfficerLoadStore>().DayAsync(visit.Value.DateKey, ct)).ShouldBeEmpty();
    }

    /// <summary>The recipients told in-line (their Deliveries rows) and those put on the deliveries queue (a large site's chunks).</summary>
    private static async Task<List<string>> ToldRecipientsAsync(TestServices services, CancellationToken ct)
    {
        var ids = new List<string>();
        foreach (var (alert, _) in await services.Get<AlertStore>().ListAsync(Alert.DateKeyOf(new DateOnly(2026, 7, 15)), ct))
        {
            ids.AddRange((await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).Select(r => r.RecipientId));
        }

        var client = await services.Get<StorageClients>().QueueAsync(QueueNames.Deliveries, ct);
        foreach (var m in (await client.PeekMessagesAsync(32, ct)).Value)
        {
            using var json = JsonDocument.Parse(m.Body.ToString());
            var property = json.RootElement.EnumerateObject().Single(p => p.Name.Equals(nameof(DeliveryChunkMessage.RecipientIds), StringComparison.OrdinalIgnoreCase));
            ids.AddRange(property.Value.EnumerateArray().Select(e => e.GetString()!));
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    private static async Task HandleAllAsync<T>(TestServices services, string queue, QueueMessageHandler<T> handler, CancellationToken ct)
        where T : class, IQueueMessage
    {
        var client = await services.Get<StorageClients>().QueueAsync(queue, ct);
        while ((await client.ReceiveMessagesAsync(32, cancellationToken: ct)).Value is { Length: > 0 } batch)
        {
            foreach (var m in batch)
            {
                await handler.HandleAsync(m.Body.ToString(), 1, m.MessageId, ct);
                await client.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
            }
        }
    }
}

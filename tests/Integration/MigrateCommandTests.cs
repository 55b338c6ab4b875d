using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Visits;

namespace HeatRelief.Tests.Integration;

/// <summary><c>./run.sh migrate</c>: visits of a deployment from before the rename, copied from <c>Assignments</c> into <c>Visits</c>.</summary>
public sealed class MigrateCommandTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Migrate_NoFormerTable_SaysThereIsNothingToMigrate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);

        (await RunAsync(services, ct)).ShouldBe($"nothing to migrate: there is no {services.Prefix}Assignments table");

        (await services.Get<TableServiceClient>().QueryAsync(t => t.Name == services.Prefix + "Assignments", cancellationToken: ct).ToListAsync(ct))
            .ShouldBeEmpty("the former table is only read, never created");
    }

    [Fact]
    public async Task Migrate_EmptyFormerTable_SaysThereIsNothingToMigrate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<TableServiceClient>().CreateTableIfNotExistsAsync(services.Prefix + "Assignments", ct);

        (await RunAsync(services, ct)).ShouldBe($"nothing to migrate: the {services.Prefix}Assignments table is empty");
    }

    [Fact]
    public async Task Migrate_CopiesFormerRowsInsertIfAbsent_AndASecondRunCopiesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var former = services.Get<TableServiceClient>().GetTableClient(services.Prefix + "Assignments");
        await former.CreateIfNotExistsAsync(ct);
        await former.AddEntityAsync(FormerRow("S1", "assigned", "OF-1"), ct);
        await former.AddEntityAsync(FormerRow("S2", "assigned", "OF-2"), ct);
        await former.AddEntityAsync(FormerRow("S3", "completed", "OF-3"), ct);

        // S2 was already written by this version (accepted since): the newer row stays.
        var store = services.Get<VisitStore>();
        var (s2, requested) = Visit.Request("S2", new DateOnly(2026, 7, 15), "A-S2", HeatLevel.Red, 20, new SupplyPlan(30, 10, 2), Now, "system");
        (await store.InsertIfAbsentAsync(s2 with { Status = VisitStatus.Accepted, OfficerId = "OF-9" }, requested, ct)).ShouldBeTrue();

        var visits = $"{services.Prefix}Visits";
        (await RunAsync(services, ct)).ShouldBe($"migrated {services.Prefix}Assignments to {visits}: 3 rows read, 2 copied, 1 already in {visits}");

        var s1 = (await store.GetAsync("S1_20260715", ct)).ShouldNotBeNull();
        s1.Value.Status.ShouldBe(VisitStatus.Assigned);
        s1.Value.OfficerId.ShouldBe("OF-1");
        s1.Value.Level.ShouldBe(HeatLevel.Orange);
        s1.Value.TriedOfficers.ShouldBe(["OF-1"]);
        s1.Value.AcceptBy.ShouldBe(Now.AddHours(1));
        s1.Value.Plan.ShouldBe(new SupplyPlan(45, 15, 3));
        s1.History.Select(h => h.To).ShouldBe(["pending", "assigned"]);
        (await store.GetAsync("S3_20260715", ct))!.Value.Report.ShouldBe(new VisitReport(28, 40, 12, 3, "done"));
        var kept = (await store.GetAsync("S2_20260715", ct))!.Value;
        kept.Status.ShouldBe(VisitStatus.Accepted);
        kept.OfficerId.ShouldBe("OF-9");

        (await RunAsync(services, ct)).ShouldBe($"migrated {services.Prefix}Assignments to {visits}: 3 rows read, 0 copied, 3 already in {visits}");
        (await store.ListAsync("2026-07-15", [], ct)).Count.ShouldBe(3);
        (await former.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct)).Count.ShouldBe(3, "the former table is left as it was");
    }

    [Fact]
    public async Task Migrate_CommandLine_IsACommandThatNeedsStorageAndTakesNoArgument()
    {
        var ct = TestContext.Current.CancellationToken;
        SelfHostCli.Parse(["migrate"]).Errors.ShouldBeEmpty();
        SelfHostCli.Usage.ShouldContain("migrate");
        var error = new StringWriter();
        (await SelfHostCli.RunAsync(["migrate", "now"], new StringWriter(), error, ct)).ShouldBe(2);
        error.ToString().ShouldContain("'migrate' takes no argument 'now'");
    }

    private static async Task<string> RunAsync(TestServices services, CancellationToken ct)
    {
        var output = new StringWriter();
        (await MigrateCommand.RunAsync(services.Provider, output, ct)).ShouldBe(0);
        return output.ToString().TrimEnd();
    }

    /// <summary>A visit row as versions before the rename wrote it to the Assignments table.</summary>
    private static TableEntity FormerRow(string siteId, string status, string officerId)
    {
        var completed = status == "completed";
        var history = new List<VisitTransition>
        {
            new(Now.AddMinutes(-10), "-", "pending", "system", null, $"alert A-{siteId}"),
            new(Now.AddMinutes(-9), "pending", "assigned", "system", officerId, "nearest"),
        };
        if (completed)
        {
            history.Add(new(Now.AddMinutes(-5), "assigned", "accepted", $"officer:{officerId}", officerId, null));
            history.Add(new(Now.AddMinutes(-1), "accepted", "completed", $"officer:{officerId}", officerId, null));
        }

        return new TableEntity("2026-07-15", $"{siteId}_20260715")
        {
            ["SiteId"] = siteId,
            ["AlertId"] = $"A-{siteId}",
            ["Level"] = "orange",
            ["OutdoorWorkers"] = 30,
            ["Status"] = status,
            ["OfficerId"] = officerId,
            ["Attempt"] = 1,
            ["TriedOfficers"] = officerId,
            ["AcceptBy"] = Now.AddHours(1),
            ["NotifiedAt"] = Now.AddMinutes(-9),
            ["PlannedWaterLitres"] = 45.0,
            ["PlannedSoupLitres"] = 15.0,
            ["PlannedMedicineKits"] = 3,
            ["WorkersReached"] = completed ? 28 : null,
            ["WaterLitres"] = completed ? 40.0 : null,
            ["SoupLitres"] = completed ? 12.0 : null,
            ["MedicineKits"] = completed ? 3 : null,
            ["Notes"] = completed ? "done" : null,
            ["UpdatedAt"] = Now.AddMinutes(-1),
            ["History"] = JsonSerializer.Serialize(history, MessageJson.Options),
            ["Candidates"] = "[]",
        };
    }
}

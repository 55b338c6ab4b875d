using System.Globalization;
using HeatRelief.Audit;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary><c>./run.sh logs</c>: a day of the audit log as a table or CSV; bad arguments exit 2 before touching storage.</summary>
public sealed class LogsCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Logs_DefaultDay_PrintsTodayAsATableInTheAuditZone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = await SeededAsync(ct);
        var output = new StringWriter();

        var code = await LogsCommand.RunAsync(CommandLine.Parse(["logs"]), services.Provider, output, ct);

        code.ShouldBe(0);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("time                         kind                      site          officer     message");
        lines[1].ShouldBe("2026-07-15 09:05:00 (UTC+8)  visit.accepted            S-RED         O-1         O-1 accepted the visit");
        lines[2].ShouldBe("2026-07-15 09:00:00 (UTC+8)  alert.raised              S-WITH-A-VE…  -           S-WITH-A-VERY-LONG-ID red: call 138****5678 next");
        lines[^1].ShouldBe("2 records for 2026-07-15 (times in Asia/Shanghai).");
        output.ToString().ShouldNotContain("yesterday");
    }

    [Fact]
    public async Task Logs_FiltersAndCsv_WriteOnlyMatchingRecordsAsCsv()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = await SeededAsync(ct);
        var output = new StringWriter();

        var code = await LogsCommand.RunAsync(CommandLine.Parse(["logs", "--date", "2026-07-14", "--kind", AuditKinds.AlertRaised, "--site", "S-RED", "--csv"]), services.Provider, output, ct);

        code.ShouldBe(0);
        output.ToString().ShouldBe(
            "\uFEFFtime_utc,kind,site_id,officer_id,alert_id,visit_id,actor,correlation_id,message,details\r\n" +
            "2026-07-14T01:00:00.000Z,alert.raised,S-RED,,,,system,,yesterday,\r\n");

        var none = new StringWriter();
        (await LogsCommand.RunAsync(CommandLine.Parse(["logs", "--officer", "O-9"]), services.Provider, none, ct)).ShouldBe(0);
        none.ToString().ShouldContain("No audit records for 2026-07-15 that match.");
    }

    [Fact]
    public async Task Logs_Csv_StartsWithTheBomAndKeepsChineseDetailsReadable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = await SeededAsync(ct);
        await services.Get<AuditLog>().WriteAsync(new AuditRecord(AuditKinds.VisitDeclined, "=拒绝：车坏了", SiteId: "S-ZH", Details: new { reason = "车坏了" })
        {
            Time = DateTimeOffset.Parse("2026-07-13T01:00:00Z", CultureInfo.InvariantCulture),
        }, ct);
        var output = new StringWriter();

        (await LogsCommand.RunAsync(CommandLine.Parse(["logs", "--date", "2026-07-13", "--csv"]), services.Provider, output, ct)).ShouldBe(0);

        var text = output.ToString();
        text.ShouldStartWith("\uFEFFtime_utc,kind,", customMessage: "spreadsheet programs read UTF-8 only with the byte order mark, as the HTTP export has");
        text.ShouldContain("2026-07-13T01:00:00.000Z,visit.declined,S-ZH,,,,system,,'=拒绝：车坏了,\"{\"\"reason\"\":\"\"车坏了\"\"}\"\r\n");
        text.ShouldNotContain("\\u");
    }

    [Fact]
    public async Task Logs_Recipient_ListsEveryAlertSentWithChannelTimeAndStatusWithoutContactDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var folder = TestPaths.NewTempFolder();
        await services.Get<Sites.CsvImporter>().ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,Yard,Shunyi,39.8,116.3,courier,40"), ct);
        await services.Get<Sites.CsvImporter>().ImportRecipientsAsync(CsvFiles.Write(folder, "r.csv", CsvFiles.RecipientsHeader,
            "R1,S1,王建国,foreman,console,13812345678,zh,,", "R2,S1,Li Na,worker,console,13800000002,en,,"), ct);
        var store = services.Get<Delivery.DeliveryStore>();
        var red = VisitScenario.AlertFor("S1", Heat.HeatLevel.Red);
        var orange = VisitScenario.AlertFor("S1", Heat.HeatLevel.Orange) with { Date = new DateOnly(2026, 7, 14), Id = "S1_20260714_orange" };
        var now = services.Clock.GetUtcNow();
        foreach (var (alert, at, delivered) in new[] { (orange, now.AddDays(-1), true), (red, now, false) })
        {
            (await store.TryInsertAllAsync(alert, [new("R1", "console", Delivery.DeliveryStatus.Sending), new("R2", "console", Delivery.DeliveryStatus.Sending)], at, bucket: null, ct)).ShouldBeTrue();
            await store.CompleteAsync(alert.Id, [new("R1", delivered, delivered ? null : "refused by 13812345678", at.AddMinutes(1)), new("R2", true, null, at.AddMinutes(1))], bucket: null, ct);
        }

        var output = new StringWriter();
        (await LogsCommand.RunAsync(CommandLine.Parse(["logs", "--recipient", "R1"]), services.Provider, output, ct)).ShouldBe(0);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(4, output.ToString());
        lines[0].ShouldBe("time                         site          alert                         level    channel   status      reason");
        lines[1].ShouldBe("2026-07-15 10:01:00 (UTC+8)  S1            S1_20260715_red               red      console   failed      refused by 138****5678");
        lines[2].ShouldBe("2026-07-14 10:01:00 (UTC+8)  S1            S1_20260714_orange            orange   console   delivered   -");
        lines[3].ShouldBe("2 alerts sent to recipient R1 (times in Asia/Shanghai).");
        output.ToString().ShouldNotContain("王建国", customMessage: "no names in the terminal");

        var day = new StringWriter();
        (await LogsCommand.RunAsync(CommandLine.Parse(["logs", "--recipient", "R1", "--date", "2026-07-14"]), services.Provider, day, ct)).ShouldBe(0);
        day.ToString().ShouldContain("S1_20260714_orange");
        day.ToString().ShouldNotContain("S1_20260715_red");

        var unknown = await Should.ThrowAsync<Sites.DirectoryException>(() => LogsCommand.RunAsync(CommandLine.Parse(["logs", "--recipient", "R9"]), services.Provider, new StringWriter(), ct));
        unknown.Message.ShouldBe("no recipient 'R9' (ids are as in recipients.csv)");
    }

    [Theory]
    [InlineData("--recipent", null, "unknown option '--recipent' for 'logs'; did you mean --recipient?")]
    [InlineData("--recipient", null, "option --recipient needs a value")]
    [InlineData("--date", "15/07/2026", "--date '15/07/2026' is not YYYY-MM-DD")]
    [InlineData("--colour", "red", "unknown option '--colour' for 'logs'")]
    [InlineData("--csvv", null, "unknown option '--csvv' for 'logs'; did you mean --csv?")]
    [InlineData("extra", null, "'logs' takes no argument 'extra'")]
    [InlineData("--kind", null, "option --kind needs a value")]
    public async Task Logs_BadArguments_ExitTwoWithAClearMessage(string arg, string? value, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = value is null ? ["logs", arg] : ["logs", arg, value];

        var code = await SelfHostCli.RunAsync(args, output, error, TestContext.Current.CancellationToken);

        code.ShouldBe(2);
        error.ToString().ShouldContain($"error: {expected}");
        error.ToString().ShouldContain("logs [--date YYYY-MM-DD]", Case.Sensitive, "the usage text names the command");
        output.ToString().ShouldBeEmpty();
    }

    private async Task<TestServices> SeededAsync(CancellationToken ct)
    {
        var services = new TestServices(azurite);
        static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);
        await services.Get<AuditLog>().WriteManyAsync(
        [
            new AuditRecord(AuditKinds.AlertRaised, "yesterday", SiteId: "S-RED") { Time = At("2026-07-14T01:00:00Z") },
            new AuditRecord(AuditKinds.AlertRaised, "S-WITH-A-VERY-LONG-ID red: call 13812345678\nnext", SiteId: "S-WITH-A-VERY-LONG-ID") { Time = At("2026-07-15T01:00:00Z") },
            new AuditRecord(AuditKinds.VisitAccepted, "O-1 accepted the visit", SiteId: "S-RED", OfficerId: "O-1") { Time = At("2026-07-15T01:05:00Z") },
        ], ct);
        return services;
    }
}

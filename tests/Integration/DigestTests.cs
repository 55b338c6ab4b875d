using Azure.Data.Tables;
using HeatRelief.Audit;
using HeatRelief.Digest;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The daily digest, through the self-host with a fake clock: nothing before <c>Digest__LocalTime</c>; then one digest
/// per manager of a site at level and per officer with a visit that day, even when the timer fires twice on two hosts;
/// none for a manager who opted out in the CSV, a worker, or a manager whose site is at no level today or tomorrow; and
/// alerts go out at once before and after it, the digest holding none back and replacing none.
/// </summary>
public sealed class DigestTests(AzuriteFixture azurite)
{
    private const string Site = "S-DG1";
    private const string QuietSite = "S-DGQ";

    [Fact]
    public async Task Digest_TimerFiresTwiceOnTwoHosts_OnePerRecipientAndDay_NoneForOptedOutOrQuiet_AlertsStillAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await OfficerScenario.StartAsync(azurite, [new(Site, "Dongcheng", 39.930, 116.420)], [new("OF-DG", "Dongcheng", 39.931, 116.421)],
            Settings(null), ct, sink =>
            [
                $"M-DG1,{Site},Site Manager,manager,webhook,{sink.Url("/managers/M-DG1")},zh,,",
                $"M-DG2,{Site},Safety Officer,safety-officer,webhook,{sink.Url("/managers/M-DG2")},en,,",
                $"W-DG,{Site},Worker,worker,webhook,{sink.Url("/workers/W-DG")},zh,,",
            ]);

        // The alert went out at the heat check (10:00 in Beijing), before the digest's time: it did not wait for it.
        AlertsTo(s, "/managers/M-DG1").ShouldBe(1);
        AlertsTo(s, "/workers/W-DG").ShouldBe(1);

        // M-DG2 opts out in the CSV (the column is optional; the scenario's first file had none). A site added after
        // the heat check has no level today or tomorrow: its manager gets no digest.
        var folder = TestPaths.NewTempFolder();
        var importer = s.Harness.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader,
            $"{QuietSite},Quiet Yard,Dongcheng,39.930,116.420,roadworks,10"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader + ",digest",
            $"M-DG2,{Site},Safety Officer,safety-officer,webhook,{s.Sink.Url("/managers/M-DG2")},en,,,false",
            $"M-DGQ,{QuietSite},Yard Manager,manager,webhook,{s.Sink.Url("/managers/M-DGQ")},zh,,,"), ct);
        (await s.Harness.Get<SiteDirectory>().FindRecipientsAsync("M-DG2", ct)).ShouldHaveSingleItem().Digest.ShouldBeFalse("the opt-out is stored");

        await using var second = SelfHostHarness.Create(azurite, Settings(s), OfficerScenario.Now, account: s.Harness.Account);
        await second.StartAsync(ct);

        async Task<int> RunBothAsync(DateTimeOffset now)
        {
            s.Clock.SetUtcNow(now);
            second.Clock.SetUtcNow(now);
            // Both hosts' timers at once, then the first again (a timer that fires twice).
            var both = await Task.WhenAll(s.Harness.Get<DigestService>().RunAsync(now, ct), second.Get<DigestService>().RunAsync(now, ct));
            return both.Sum() + await s.Harness.Get<DigestService>().RunAsync(now, ct);
        }

        // 10:59 in Beijing: before Digest__LocalTime (11:00 here).
        (await RunBothAsync(new DateTimeOffset(2026, 7, 15, 2, 59, 0, TimeSpan.Zero))).ShouldBe(0);
        DigestKeys(s).ShouldBeEmpty("nothing before Digest__LocalTime");

        (await RunBothAsync(new DateTimeOffset(2026, 7, 15, 3, 0, 0, TimeSpan.Zero))).ShouldBe(2);
        DigestKeys(s).ShouldBe(["digest:manager:M-DG1:20260715", "digest:officer:OF-DG:20260715"], ignoreOrder: true);

        var manager = s.Sink.Calls.Single(c => c.Path == "/managers/M-DG1" && IsDigest(c));
        manager.Body.GetProperty("title").GetString().ShouldBe("【高温日报】2026-07-15");
        var text = manager.Body.GetProperty("body").GetString()!;
        text.ShouldContain("Site S-DG1：今日（2026-07-15）高温红色预警");
        text.ShouldContain("（北京时间）", customMessage: "the hottest hours in local time, zone named");
        text.ShouldContain("当日应停止露天作业");
        text.ShouldContain("明日（2026-07-16）无高温预警");
        var officer = s.Sink.Calls.Single(c => c.Path == "/officers/OF-DG" && IsDigest(c)).Body.GetProperty("body").GetString()!;
        officer.ShouldContain("Site S-DG1: today (2026-07-15) red heat, hottest ");
        officer.ShouldContain("(UTC+8): no outdoor work that day");

        // Later runs that day, on either host, send nothing more.
        (await RunBothAsync(new DateTimeOffset(2026, 7, 15, 9, 0, 0, TimeSpan.Zero))).ShouldBe(0);
        DigestKeys(s).Count.ShouldBe(2);
        var audited = await DigestAuditAsync(s);
        audited.Count.ShouldBe(2, "one digest.sent record per digest");
        audited.ShouldContain(r => r.GetString("SiteId") == Site);
        audited.ShouldContain(r => r.GetString("OfficerId") == "OF-DG");

        // A heat check after the digest raises the new site's alert at once; the digest neither held it nor replaced it.
        await s.Harness.HeatCheckAndDrainAsync(ct);
        AlertsTo(s, "/managers/M-DGQ").ShouldBe(1, "an alert goes out at once, after the day's digest too");
        AlertsTo(s, "/managers/M-DG1").ShouldBe(1, "the digest sends no alert again");
        (await RunBothAsync(new DateTimeOffset(2026, 7, 15, 9, 30, 0, TimeSpan.Zero))).ShouldBe(0);
        DigestKeys(s).Count.ShouldBe(2, "the day's digests are done");

        // The next day is a day of its own: nothing graded for 16 or 17 July (no look-ahead here) and no visit, so no digest.
        (await RunBothAsync(new DateTimeOffset(2026, 7, 16, 3, 0, 0, TimeSpan.Zero))).ShouldBe(0);
        DigestKeys(s).Count.ShouldBe(2);
    }

    private static Dictionary<string, string?> Settings(OfficerScenario? s)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Digest:LocalTime"] = "11:00",
            [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
        };
        if (s is not null)
        {
            settings["Weather:RecordingPath"] = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.90, 116.40, [41.0, 41.0, 41.0]));
            settings["Alerts:LookaheadDays"] = "0";
            settings["Visits:AdminRecipients"] = $"webhook:{s.Sink.Url("/admins")}";
            settings["Visits:PublicBaseUrl"] = s.Harness.BaseAddress!.ToString().TrimEnd('/');
        }

        return settings;
    }

    private static bool IsDigest(WebhookCall call) => call.IdempotencyKey?.StartsWith("digest:", StringComparison.Ordinal) == true;

    private static IReadOnlyList<string> DigestKeys(OfficerScenario s) => [.. s.Sink.Calls.Where(IsDigest).Select(c => c.IdempotencyKey!)];

    private static int AlertsTo(OfficerScenario s, string path) =>
        s.Sink.Calls.Count(c => c.Path == path && !IsDigest(c) && c.IdempotencyKey?.StartsWith("ack:", StringComparison.Ordinal) != true);

    private static async Task<IReadOnlyList<TableEntity>> DigestAuditAsync(OfficerScenario s)
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await s.Harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        return await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {AuditKinds.DigestSent}"), cancellationToken: ct).ToListAsync(ct);
    }
}

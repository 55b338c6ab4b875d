using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>The audit CSV export: what a spreadsheet reads back is what was logged, masked, and never a formula.</summary>
public sealed class AuditCsvExportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AuditCsv_Export_EscapesFieldsNeutralisesFormulasAndMasksPhoneNumbers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        string[] messages =
        [
            "He said \"go\", then left",
            "first line\nsecond line",
            "=cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "call 13812345678 about 新发地",
        ];
        var time = DateTimeOffset.Parse("2026-07-15T01:00:00Z", CultureInfo.InvariantCulture);
        await services.Get<AuditLog>().WriteManyAsync(
            [.. messages.Select((m, i) => new AuditRecord(AuditKinds.NotificationFailed, m, SiteId: "S1", Details: new { to = "13812345678", note = "-1" }) { Time = time.AddMinutes(-i) })], ct);
        var output = new StringWriter();

        var count = await services.Get<AuditCsv>().WriteAsync(new AuditFilter(), output, ct);

        count.ShouldBe(5);
        var text = output.ToString();
        text.ShouldStartWith("time_utc,kind,site_id,officer_id,alert_id,visit_id,actor,correlation_id,message,details\r\n");
        text.ShouldContain("2026-07-15T01:00:00.000Z,notification.failed,S1,,,,system,,\"He said \"\"go\"\", then left\",");
        text.ShouldNotContain("13812345678");
        text.ShouldContain("'=cmd|' /C calc'!A0");

        // Read back by a strict RFC 4180 reader: one row per record, fields as logged, formulas disarmed.
        var rows = ReadCsv(text);
        rows[0].ShouldBe(AuditCsv.Header);
        rows.Count.ShouldBe(6);
        rows.Skip(1).Select(r => r[8]).ShouldBe(
        [
            "He said \"go\", then left",
            "first line\nsecond line",
            "'=cmd|' /C calc'!A0",
            "'@SUM(1+1)",
            "call 138****5678 about 新发地",
        ]);
        rows.Skip(1).ShouldAllBe(r => r.Length == 10 && r[9] == "{\"to\":\"138****5678\",\"note\":\"-1\"}");
    }

    [Fact]
    public async Task AuditCsv_ToStream_DetailsKeepChineseReadableAndHtmlSafe()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var time = DateTimeOffset.Parse("2026-07-15T01:00:00Z", CultureInfo.InvariantCulture);
        await services.Get<AuditLog>().WriteAsync(
            new AuditRecord(AuditKinds.VisitDeclined, "车坏了", SiteId: "S1", Details: new { reason = "=车坏了 <b>" }) { Time = time }, ct);
        using var stream = new MemoryStream();

        await services.Get<AuditCsv>().WriteAsync(new AuditFilter(), stream, ct);

        var bytes = stream.ToArray();
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var rows = ReadCsv(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..]));
        rows[1][9].ShouldBe("{\"reason\":\"=车坏了 \\u003Cb\\u003E\"}", "Chinese as it is, not \\u8F66; HTML-sensitive characters still escaped");
    }

    [Fact]
    public async Task AuditCsv_ToStream_WritesUtf8WithBomAndFlushesOncePerPage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var time = DateTimeOffset.Parse("2026-07-15T01:00:00Z", CultureInfo.InvariantCulture);
        await services.Get<AuditLog>().WriteManyAsync(
            [.. Enumerable.Range(0, 5).Select(i => new AuditRecord(AuditKinds.AlertRaised, $"新发地 {i}") { Time = time.AddMinutes(-i) })], ct);
        var csv = services.Get<AuditCsv>();
        using var stream = new MemoryStream();
        var writer = new FlushCountingWriter();

        await csv.WriteAsync(new AuditFilter(PageSize: 2), stream, ct);
        await csv.WriteAsync(new AuditFilter(PageSize: 2), writer, ct);

        var bytes = stream.ToArray();
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..]);
        text.ShouldContain("新发地 4");
        text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(6);
        writer.Flushes.ShouldBe(3, "pages of 2, 2 and 1 records, each flushed as soon as it is written");
        writer.ToString().ShouldBe(text);
    }

    [Fact]
    public async Task AuditCsv_BadFilter_ThrowsBeforeWritingAnything()
    {
        await using var services = new TestServices(azurite);
        var output = new StringWriter();

        await Should.ThrowAsync<ReviewValidationException>(() =>
            services.Get<AuditCsv>().WriteAsync(new AuditFilter(ContinuationToken: "garbage"), output, TestContext.Current.CancellationToken));

        output.ToString().ShouldBeEmpty();
    }

    private static List<string[]> ReadCsv(string text)
    {
        using var reader = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, Mode = CsvMode.RFC4180 });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Parser.Record!);
        }

        return rows;
    }

    private sealed class FlushCountingWriter : StringWriter
    {
        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }
}

using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using CsvHelper;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// CSV import against real tables: a bad file writes nothing, the same file twice changes nothing; hostile
/// content is plain text in storage and harmless in the audit CSV; too big or not UTF-8 is refused whole.
/// </summary>
public sealed class ImportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Import_Samples_LoadsThenReimportChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var importer = services.Get<CsvImporter>();

        var first = await importer.ImportSitesAsync(Path.Combine(TestPaths.Samples, "sites.csv"), ct);
        var recipients = await importer.ImportRecipientsAsync(Path.Combine(TestPaths.Samples, "recipients.csv"), ct);
        var officers = await importer.ImportOfficersAsync(Path.Combine(TestPaths.Samples, "officers.csv"), ct);
        first.Added.ShouldBeGreaterThanOrEqualTo(30);
        recipients.Added.ShouldBeGreaterThanOrEqualTo(200);
        officers.Added.ShouldBe(12);

        var again = await importer.ImportSitesAsync(Path.Combine(TestPaths.Samples, "sites.csv"), ct);
        again.ShouldBe(new UpsertCounts(0, 0, first.Added));
        (await importer.ImportRecipientsAsync(Path.Combine(TestPaths.Samples, "recipients.csv"), ct)).ShouldBe(new UpsertCounts(0, 0, recipients.Added));
        (await services.Get<SiteDirectory>().ListSitesAsync(ct)).Count.ShouldBe(first.Added);
    }

    [Fact]
    public async Task Import_ChangedRow_UpdatesOnlyThatRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "a.csv", CsvFiles.SitesHeader, "S1,One,Fengtai,39.8,116.3,market,10", "S2,Two,Fengtai,39.8,116.3,market,20"), ct);

        var counts = await importer.ImportSitesAsync(CsvFiles.Write(folder, "b.csv", CsvFiles.SitesHeader, "S1,One,Fengtai,39.8,116.3,market,15", "S2,Two,Fengtai,39.8,116.3,market,20", "S3,Three,Daxing,39.7,116.4,metro,5"), ct);

        counts.ShouldBe(new UpsertCounts(1, 1, 1));
        (await services.Get<SiteDirectory>().GetSiteAsync("S1", ct))!.OutdoorWorkers.ShouldBe(15);
    }

    public static TheoryData<string, string, string, string> BadFiles => new()
    {
        { "sites.csv", "id,name,district,latitude,longitude,kind", "S1,One,Fengtai,39.8,116.3,market", "line 1: missing column 'outdoor_workers'" },
        { "sites.csv", CsvFiles.SitesHeader, "S1,One,Fengtai,39.8,216.3,market,10", "line 3, column 'longitude'" },
        { "sites.csv", CsvFiles.SitesHeader, "S0,Dup,Fengtai,39.8,116.3,market,10", "line 3, column 'id': duplicate id 'S0' (first on line 2)" },
        { "recipients.csv", CsvFiles.RecipientsHeader, "R2,NOPE,Li,worker,console,,zh,,", "line 3, column 'site_id': unknown site 'NOPE'" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Import_BadFile_NamesFileLineAndColumnAndWritesNothing(string file, string header, string badRow, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "known.csv", CsvFiles.SitesHeader, "KNOWN,Known,Fengtai,39.8,116.3,market,10"), ct);
        var good = file == "sites.csv" ? (header.Contains("outdoor_workers", StringComparison.Ordinal) ? "S0,Zero,Fengtai,39.8,116.3,market,10" : "S0,Zero,Fengtai,39.8,116.3,market") : "R1,KNOWN,Li,worker,console,,zh,,";
        var path = CsvFiles.Write(folder, file, header, good, badRow);

        var error = await Should.ThrowAsync<ImportException>(() => file == "sites.csv" ? importer.ImportSitesAsync(path, ct) : importer.ImportRecipientsAsync(path, ct));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain(expected);
        var table = await services.Get<StorageClients>().TableAsync(file == "sites.csv" ? TableNames.Sites : TableNames.Recipients, ct);
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            rows.Add(e.RowKey);
        }

        rows.ShouldBe(file == "sites.csv" ? ["KNOWN"] : [], "the good row of a bad file is not written either");
    }

    [Fact]
    public async Task Import_FormulaText_ImportsAsTextAndTheAuditCsvExportHasNoFormulaCell()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var folder = TestPaths.NewTempFolder();
        const string Formula = "=cmd|' /C calc'!A0";
        var sites = CsvFiles.Write(folder, "=cmd|' -C calc'!A0.csv", CsvFiles.SitesHeader, $"S1,{Formula},+SUM(1),39.8,116.3,@SUM(A1),10");
        var recipients = CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader, "R1,S1,-2+3,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",console,,zh,,");
        var officers = CsvFiles.Write(folder, "officers.csv", CsvFiles.OfficersHeader + ",login", $"OF-1,{Formula},Chaoyang,39.9,116.4,console,13800000000,3,=1+1");

        (await ImportCommand.RunAsync(CommandLine.Parse(["import", "--sites", sites, "--recipients", recipients, "--officers", officers]), services.Provider, new StringWriter(), ct)).ShouldBe(0);

        var directory = services.Get<SiteDirectory>();
        var site = (await directory.GetSiteAsync("S1", ct)).ShouldNotBeNull();
        (site.Name, site.District, site.Kind).ShouldBe((Formula, "+SUM(1)", "@SUM(A1)"), "it is just text");
        var recipient = (await directory.GetRecipientsAsync("S1", ["R1"], ct)).ShouldHaveSingleItem();
        (recipient.Name, recipient.Role).ShouldBe(("-2+3", "=HYPERLINK(\"http://x\",\"y\")"));
        var officer = (await directory.GetOfficerAsync("OF-1", ct)).ShouldNotBeNull();
        (officer.Name, officer.SignInName).ShouldBe((Formula, "=1+1"));

        using var export = new StringWriter();
        (await services.Get<AuditCsv>().WriteAsync(new AuditFilter(), export, ct)).ShouldBe(3, "one import.completed per file");
        var text = export.ToString();
        text.ShouldContain("=cmd|' -C calc'!A0.csv", Case.Sensitive, "the file name is exported");
        using var reader = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        while (reader.Read())
        {
            for (var i = 0; reader.TryGetField<string>(i, out var cell); i++)
            {
                (cell is { Length: > 0 } && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal)).ShouldBeFalse($"a spreadsheet would run the cell {cell}");
            }
        }
    }

    [Theory]
    [InlineData("sites")]
    [InlineData("recipients")]
    [InlineData("officers")]
    public async Task Import_FileLargerThanMaxFileBytes_IsRefusedBeforeReadingAndWritesNothing(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<StorageClients>().EnsureCreatedAsync(ct);
        var path = Path.Combine(TestPaths.NewTempFolder(), $"{kind}.csv");
        await using (var file = File.Create(path))
        {
            // Sparse: nothing of it is ever read, which is the point.
            file.SetLength(CsvImporter.MaxFileBytes + 1);
        }

        var before = await StorageSnapshot.TakeAsync(services.Get<StorageClients>(), ct);

        var error = await Should.ThrowAsync<ImportException>(() => ImportCommand.RunAsync(CommandLine.Parse(["import", $"--{kind}", path]), services.Provider, new StringWriter(), ct));

        error.Message.ShouldBe($"{path}: {CsvImporter.MaxFileBytes + 1:N0} bytes is larger than the {CsvImporter.MaxFileBytes:N0}-byte limit.");
        await ShouldHaveWrittenOnlyTheRejectionAsync(services, before, ct);
    }

    public static TheoryData<string, string, byte[]> WrongEncodings => new()
    {
        // "朱镕基" in GBK: 镕 (E9 46) is outside GB2312, so the file cannot be told from Latin-1 and is refused.
        { "sites", "GBK beyond GB2312", [.. Encoding.ASCII.GetBytes(CsvFiles.SitesHeader + "\nS1,"), 0xD6, 0xEC, 0xE9, 0x46, 0xBB, 0xF9, .. Encoding.ASCII.GetBytes(",Fengtai,39.8,116.3,market,10\n")] },
        { "recipients", "UTF-16 with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(CsvFiles.RecipientsHeader + "\nR1,S1,Li,worker,console,,zh,,\n")] },
        { "officers", "UTF-16 big-endian with BOM", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(CsvFiles.OfficersHeader + "\nOF-1,Li,Chaoyang,39.9,116.4,console,13800000000,3\n")] },
        { "sites", "Latin-1", Encoding.Latin1.GetBytes(CsvFiles.SitesHeader + "\nS1,Caf\u00e9,Fengtai,39.8,116.3,market,10\n") },
    };

    [Theory]
    [MemberData(nameof(WrongEncodings))]
    public async Task Import_NotUtf8_IsRefusedNamingTheFileAndWritesNothing(string kind, string encoding, byte[] bytes)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await services.Get<StorageClients>().EnsureCreatedAsync(ct);
        await services.Get<SiteDirectory>().UpsertSitesAsync([VisitScenario.Site("S1", "Fengtai", 39.8, 116.3, 10)], ct);
        var path = Path.Combine(TestPaths.NewTempFolder(), $"{kind}-{encoding.Replace(' ', '-')}.csv");
        await File.WriteAllBytesAsync(path, bytes, ct);
        var before = await StorageSnapshot.TakeAsync(services.Get<StorageClients>(), ct);

        var error = await Should.ThrowAsync<ImportException>(() => ImportCommand.RunAsync(CommandLine.Parse(["import", $"--{kind}", path]), services.Provider, new StringWriter(), ct));

        error.Message.ShouldStartWith($"{path}: not UTF-8 text (invalid byte at offset ");
        error.Message.ShouldEndWith("save the file as UTF-8.");
        await ShouldHaveWrittenOnlyTheRejectionAsync(services, before, ct);
    }

    [Fact]
    public async Task Import_GbkFromExcelOnChineseWindows_ImportsTheNamesIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Path.Combine(TestPaths.NewTempFolder(), "sites.csv");

        // "新发地" as spreadsheet programs in China save CSV by default ("CSV (逗号分隔)").
        await File.WriteAllBytesAsync(path, Encoding.GetEncoding("GB18030").GetBytes(CsvFiles.SitesHeader + "\r\nS1,新发地,丰台区,39.8,116.3,market,10\r\n"), ct);

        (await ImportCommand.RunAsync(CommandLine.Parse(["import", "--sites", path]), services.Provider, new StringWriter(), ct)).ShouldBe(0);

        var site = (await services.Get<SiteDirectory>().GetSiteAsync("S1", ct)).ShouldNotBeNull();
        (site.Name, site.District).ShouldBe(("新发地", "丰台区"));
    }

    private static async Task ShouldHaveWrittenOnlyTheRejectionAsync(TestServices services, StorageSnapshot before, CancellationToken ct)
    {
        var changes = (await StorageSnapshot.TakeAsync(services.Get<StorageClients>(), ct)).ChangesSince(before);
        changes.ShouldHaveSingleItem().ShouldStartWith("+ AuditLog ");
        changes[0].ShouldEndWith(" " + AuditKinds.ImportRejected);
    }
}

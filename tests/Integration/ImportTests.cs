using Azure.Data.Tables;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>CSV import against real tables: a bad file writes nothing, the same file twice changes nothing.</summary>
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
    public async Task Import_NotUtf8_IsRefusedWithClearError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var path = Path.Combine(TestPaths.NewTempFolder(), "gbk.csv");
        await File.WriteAllBytesAsync(path, [.. System.Text.Encoding.ASCII.GetBytes(CsvFiles.SitesHeader + "\nS1,"), 0xD0, 0xC2, .. System.Text.Encoding.ASCII.GetBytes(",Fengtai,39.8,116.3,market,10\n")], ct);

        var error = await Should.ThrowAsync<ImportException>(() => services.Get<CsvImporter>().ImportSitesAsync(path, ct));

        error.Message.ShouldContain("not UTF-8");
    }
}

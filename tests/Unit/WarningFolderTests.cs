using HeatRelief.Heat;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Unit;

/// <summary>A folder of CAP files: bad files reported by name, the rest still count; the bundled demo set reads as documented.</summary>
public sealed class WarningFolderTests : IDisposable
{
    private static readonly string Samples = Path.Combine(TestPaths.Root, "samples", "warnings");
    private readonly string _folder = Directory.CreateTempSubdirectory("heatrelief-cap-").FullName;
    private readonly WarningFolder _reader = new(new CapParser());

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_ReportsBadFilesByName_AndKeepsTheOthers()
    {
        foreach (var name in new[] { "heat-orange-alert.xml", "dtd-xxe.xml", "heat-red-update.xml", "not-xml.xml" })
        {
            File.Copy(CapParserTests.CapFile(name), Path.Combine(_folder, name));
        }

        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not read: only *.xml");
        var big = File.ReadAllText(CapParserTests.CapFile("heat-circle.xml"));
        File.WriteAllText(Path.Combine(_folder, "big.xml"), big + new string(' ', CapParser.DefaultMaxBytes));

        var read = _reader.Read(_folder);

        read.Failure.ShouldBeNull();
        read.Documents.Select(d => d.Identifier).ShouldBe(["T-ORANGE", "T-RED"], ignoreOrder: true);
        read.Rejected.Select(r => r.Source).ShouldBe(["big.xml", "dtd-xxe.xml", "not-xml.xml"]);
        read.Rejected[0].Problem.ShouldBe("too large: more than 1,048,576 bytes");
        read.Rejected.ShouldAllBe(r => r.Problem != null && r.Problem.Length > 0);
    }

    [Fact]
    public void Read_AMissingFolder_IsAFailureOfTheSource()
    {
        var read = _reader.Read(Path.Combine(_folder, "missing"));

        read.Failure.ShouldNotBeNull().ShouldContain("does not exist");
        read.Documents.ShouldBeEmpty();
    }

    [Fact]
    public void Samples_EveryBundledFileParses()
    {
        var files = Directory.GetFiles(Samples, "*.xml");
        files.Length.ShouldBeGreaterThanOrEqualTo(5);

        var read = _reader.Read(Samples);

        read.Rejected.Select(r => $"{r.Source}: {r.Problem}").ShouldBeEmpty();
        read.Documents.Count.ShouldBe(files.Length);
    }

    [Fact]
    public void Samples_TheRedWarningCoversEverySiteButYanqings()
    {
        var book = new WarningBook(_reader.Read(Samples).Documents, new HeatClassifier(new WarningsOptions()), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var asOf = new DateTimeOffset(2023, 6, 22, 12, 0, 0, TimeSpan.FromHours(8));
        // id,name,district,latitude,longitude,kind,outdoor_workers: read from the end, a name may hold a comma.
        var sites = File.ReadLines(Path.Combine(TestPaths.Root, "samples", "sites.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Select(c => (Id: c[0], District: c[^5], Lat: double.Parse(c[^4], System.Globalization.CultureInfo.InvariantCulture), Lon: double.Parse(c[^3], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        sites.Count.ShouldBeGreaterThan(30);

        var covered = sites.Where(s => book.InForce(s.Lat, s.Lon, null, new DateOnly(2023, 6, 22), asOf).Any()).Select(s => s.Id).ToList();

        covered.ShouldBe(sites.Where(s => s.District != "Yanqing").Select(s => s.Id).ToList());
    }

    [Fact]
    public void Samples_TellTheDemoHeatwave_OrangeThenRedThenCancelled()
    {
        var book = new WarningBook(_reader.Read(Samples).Documents, new HeatClassifier(new WarningsOptions()), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        // BJ-DX-002 in Daxing (a drill targets it too), BJ-YQ-001 in the Yanqing valley (outside the plain areas).
        const double daxingLat = 39.7280, daxingLon = 116.3290, yanqingLat = 40.4620, yanqingLon = 115.9720;
        static DateTimeOffset At(int day, int hour) => new(2023, 6, day, hour, 0, 0, TimeSpan.FromHours(8));
        List<(string, HeatLevel)> Daxing(int day, DateTimeOffset asOf) =>
            [.. book.InForce(daxingLat, daxingLon, null, new DateOnly(2023, 6, day), asOf).Select(w => (w.Info.Headline, w.Level))];

        Daxing(22, At(22, 8)).ShouldBe([("北京市气象台发布高温橙色预警", HeatLevel.Orange)]);
        Daxing(22, At(22, 12)).ShouldBe([("北京市气象台将高温橙色预警升级为红色预警", HeatLevel.Red)]);
        Daxing(23, At(23, 15)).ShouldBe([("北京市气象台将高温橙色预警升级为红色预警", HeatLevel.Red)], "the drill and the rainstorm change nothing");
        Daxing(24, At(24, 19)).ShouldBeEmpty("cancelled at 18:00");
        book.InForce(yanqingLat, yanqingLon, null, new DateOnly(2023, 6, 22), At(22, 12)).ShouldBeEmpty();
        book.InForce(0, 0, "110105", new DateOnly(2023, 6, 22), At(22, 12)).ShouldHaveSingleItem().Match.ShouldBe(AreaMatch.Geocode);
        book.Notes.ShouldBeEmpty();
    }
}

using HeatRelief.Sites;

namespace HeatRelief.Tests.Unit;

/// <summary>CSV parsing of sites, recipients and officers, and errors naming file, line and column.</summary>
public sealed class CsvImporterTests
{
    private const string SiteHeader = "id,name,district,latitude,longitude,kind,outdoor_workers";
    private const string RecipientHeader = "id,site_id,name,role,channel,address,language,quiet_start,quiet_end";
    private const string OfficerHeader = "id,name,district,latitude,longitude,channel,address,max_visits_per_day";

    private static readonly HashSet<string> KnownSites = new(StringComparer.Ordinal) { "BJ-DC-001" };

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void CsvImporter_ParseSites_ReadsValidFile()
    {
        var text = Lines(SiteHeader,
            "BJ-DC-001,Dongzhimen Sanitation Depot (东直门环卫所),Dongcheng,39.9385,116.4298,sanitation,48",
            "BJ-XC-002,\"Caishikou Station, Xicheng\",Xicheng,39.8890,116.3720,courier,28");

        var sites = CsvImporter.ParseSites("sites.csv", text);

        sites.ShouldBe(
        [
            new Site("BJ-DC-001", "Dongzhimen Sanitation Depot (东直门环卫所)", "Dongcheng", 39.9385, 116.4298, "sanitation", 48),
            new Site("BJ-XC-002", "Caishikou Station, Xicheng", "Xicheng", 39.8890, 116.3720, "courier", 28),
        ]);
    }

    [Fact]
    public void CsvImporter_ParseSites_AcceptsColumnsInAnyOrderAndCase()
    {
        var text = Lines("Name,ID,district,longitude,latitude,kind,outdoor_workers", "Depot,S1,Dongcheng,116.4,39.9,sanitation,5");

        var site = CsvImporter.ParseSites("sites.csv", text).ShouldHaveSingleItem();

        site.Id.ShouldBe("S1");
        site.Name.ShouldBe("Depot");
        site.Latitude.ShouldBe(39.9);
        site.Longitude.ShouldBe(116.4);
    }

    [Fact]
    public void CsvImporter_ParseSites_NamesFileLineAndMissingColumn()
    {
        var text = Lines("id,name,district,longitude,kind,outdoor_workers", "S1,Depot,Dongcheng,116.4,sanitation,5");

        var ex = Should.Throw<ImportException>(() => CsvImporter.ParseSites("sites.csv", text));

        ex.Message.ShouldStartWith("sites.csv: line 1: missing column 'latitude'");
    }

    [Fact]
    public void CsvImporter_ParseSites_RefusesEmptyFile()
    {
        Should.Throw<ImportException>(() => CsvImporter.ParseSites("sites.csv", string.Empty))
            .Message.ShouldStartWith("sites.csv: line 1: the file is empty");
    }

    [Fact]
    public void CsvImporter_ParseSites_NamesLineAndColumnOfBadLatitude()
    {
        var text = Lines(SiteHeader, "S1,Depot,Dongcheng,39.9,116.4,sanitation,5", "S2,Yard,Dongcheng,91.5,116.4,roadworks,7");

        var ex = Should.Throw<ImportException>(() => CsvImporter.ParseSites("sites.csv", text));

        ex.Message.ShouldContain("sites.csv: line 3, column 'latitude': '91.5' is not a number from -90 to 90");
        ex.Message.ShouldContain("1 error, nothing was imported");
    }

    [Fact]
    public void CsvImporter_ParseSites_NamesBothLinesOfDuplicateId()
    {
        var text = Lines(SiteHeader, "S1,Depot,Dongcheng,39.9,116.4,sanitation,5", "S2,Yard,Dongcheng,39.9,116.4,roadworks,7",
            "S1,Other,Dongcheng,39.9,116.4,roadworks,7");

        var ex = Should.Throw<ImportException>(() => CsvImporter.ParseSites("sites.csv", text));

        ex.Message.ShouldContain("line 4, column 'id': duplicate id 'S1' (first on line 2)");
    }

    [Fact]
    public void CsvImporter_ParseSites_ReportsEveryBadRow()
    {
        var text = Lines(SiteHeader, "S1,Depot,Dongcheng,39.9,181,sanitation,5", "S 2,Yard,Dongcheng,39.9,116.4,roadworks,-1");

        var ex = Should.Throw<ImportException>(() => CsvImporter.ParseSites("sites.csv", text));

        ex.Message.ShouldContain("3 errors, nothing was imported");
        ex.Message.ShouldContain("line 2, column 'longitude': '181' is not a number from -180 to 180");
        ex.Message.ShouldContain("line 3, column 'id': 'S 2' is not an id");
        ex.Message.ShouldContain("line 3, column 'outdoor_workers': '-1' is not a whole number from 0 to 100000");
    }

    [Fact]
    public void CsvImporter_ParseSites_SkipsBlankLines()
    {
        var text = Lines(SiteHeader, "S1,Depot,Dongcheng,39.9,116.4,sanitation,5", "", ",,,,,,", "S2,Yard,Dongcheng,39.9,116.4,roadworks,7", "");

        CsvImporter.ParseSites("sites.csv", text).Select(s => s.Id).ShouldBe(["S1", "S2"]);
    }

    [Fact]
    public void CsvImporter_ParseSites_CountsBlankLinesInLineNumbers()
    {
        // Line numbers are lines of the file as an editor shows them, blank ones included.
        var text = Lines(SiteHeader, "S1,Depot,Dongcheng,39.9,116.4,sanitation,5", "", "S2,Yard,Dongcheng,91.5,116.4,roadworks,7");

        Should.Throw<ImportException>(() => CsvImporter.ParseSites("sites.csv", text)).Message.ShouldContain("line 4, column 'latitude'");
    }

    [Fact]
    public void CsvImporter_ParseRecipients_ReadsValidFile()
    {
        var text = Lines(RecipientHeader,
            "R-1,BJ-DC-001,曹芳,foreman,console,13667654389,zh,,",
            "R-2,BJ-DC-001,Yang Yong,worker,email,yang@example.com,en,22:00,6:00",
            "R-3,BJ-DC-001,Zhu,worker,WEBHOOK,https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x,zh,,");

        var recipients = CsvImporter.ParseRecipients("recipients.csv", text, KnownSites);

        recipients.ShouldBe(
        [
            new Recipient("R-1", "BJ-DC-001", "曹芳", "foreman", "console", "13667654389", "zh", null, null),
            new Recipient("R-2", "BJ-DC-001", "Yang Yong", "worker", "email", "yang@example.com", "en", new TimeOnly(22, 0), new TimeOnly(6, 0)),
            new Recipient("R-3", "BJ-DC-001", "Zhu", "worker", "webhook", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "zh", null, null),
        ]);
    }

    [Fact]
    public void CsvImporter_ParseRecipients_NamesSiteIdOfUnknownSite()
    {
        var text = Lines(RecipientHeader, "R-1,BJ-XX-999,Cao,foreman,console,13667654389,zh,,");

        Should.Throw<ImportException>(() => CsvImporter.ParseRecipients("recipients.csv", text, KnownSites))
            .Message.ShouldContain("recipients.csv: line 2, column 'site_id': unknown site 'BJ-XX-999'");
    }

    [Fact]
    public void CsvImporter_ParseRecipients_NamesBadChannel()
    {
        var text = Lines(RecipientHeader, "R-1,BJ-DC-001,Cao,foreman,sms,13667654389,zh,,");

        Should.Throw<ImportException>(() => CsvImporter.ParseRecipients("recipients.csv", text, KnownSites))
            .Message.ShouldContain("line 2, column 'channel': 'sms' is not one of webhook, email, console");
    }

    [Fact]
    public void CsvImporter_ParseRecipients_NamesBadEmailAddressMasked()
    {
        var text = Lines(RecipientHeader, "R-1,BJ-DC-001,Cao,foreman,email,13667654389,zh,,");

        Should.Throw<ImportException>(() => CsvImporter.ParseRecipients("recipients.csv", text, KnownSites))
            .Message.ShouldContain("line 2, column 'address': '136****4389' is not an e-mail address");
    }

    [Fact]
    public void CsvImporter_ParseRecipients_RefusesQuietStartWithoutQuietEnd()
    {
        var text = Lines(RecipientHeader, "R-1,BJ-DC-001,Cao,foreman,console,13667654389,zh,22:00,");

        Should.Throw<ImportException>(() => CsvImporter.ParseRecipients("recipients.csv", text, KnownSites))
            .Message.ShouldContain("line 2, column 'quiet_end': quiet_start and quiet_end must be given together");
    }

    [Fact]
    public void CsvImporter_ParseRecipients_RefusesBadTimeAndLanguage()
    {
        var text = Lines(RecipientHeader, "R-1,BJ-DC-001,Cao,foreman,console,13667654389,fr,25:00,06:00");

        var ex = Should.Throw<ImportException>(() => CsvImporter.ParseRecipients("recipients.csv", text, KnownSites));

        ex.Message.ShouldContain("line 2, column 'language': 'fr' is not one of zh, en");
        ex.Message.ShouldContain("line 2, column 'quiet_start': '25:00' is not a time of day (HH:mm)");
    }

    [Fact]
    public void CsvImporter_ParseOfficers_ReadsValidFile()
    {
        var text = Lines(OfficerHeader, "OF-001,张卫国,Chaoyang,39.9215,116.4436,console,15387621639,4");

        CsvImporter.ParseOfficers("officers.csv", text).ShouldHaveSingleItem()
            .ShouldBe(new Officer("OF-001", "张卫国", "Chaoyang", 39.9215, 116.4436, "console", "15387621639", 4));
    }

    [Fact]
    public void CsvImporter_ParseOfficers_RefusesZeroVisitsPerDay()
    {
        var text = Lines(OfficerHeader, "OF-001,Zhang,Chaoyang,39.9215,116.4436,console,15387621639,0");

        Should.Throw<ImportException>(() => CsvImporter.ParseOfficers("officers.csv", text))
            .Message.ShouldContain("officers.csv: line 2, column 'max_visits_per_day': '0' is not a whole number from 1 to 50");
    }

    [Fact]
    public void CsvImporter_ParseOfficers_NamesMissingColumns()
    {
        var text = Lines("id,name,district,latitude,longitude,max_visits_per_day", "OF-001,Zhang,Chaoyang,39.9,116.4,4");

        Should.Throw<ImportException>(() => CsvImporter.ParseOfficers("officers.csv", text))
            .Message.ShouldStartWith("officers.csv: line 1: missing columns 'channel', 'address'");
    }

    [Fact]
    public void CsvImporter_ParseSites_ReadsBundledSamples()
    {
        var root = HeatRelief.Tests.Infrastructure.TestPaths.Root;
        var sites = CsvImporter.ParseSites("sites.csv", File.ReadAllText(Path.Combine(root, "samples", "sites.csv")));
        var recipients = CsvImporter.ParseRecipients("recipients.csv", File.ReadAllText(Path.Combine(root, "samples", "recipients.csv")),
            sites.Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
        var officers = CsvImporter.ParseOfficers("officers.csv", File.ReadAllText(Path.Combine(root, "samples", "officers.csv")));

        // Row counts from Python's csv module over the same files.
        sites.Count.ShouldBe(33);
        recipients.Count.ShouldBe(300);
        officers.Count.ShouldBe(12);
        officers[0].ShouldBe(new Officer("OF-001", "张卫国", "Chaoyang", 39.9215, 116.4436, "console", "15387621639", 4));
    }

    [Theory]
    [InlineData("OF-1,A,Chaoyang,39.9,116.4,console,13800000001,3,zhang@example.org", "OF-2,B,Chaoyang,39.9,116.4,console,13800000002,3,ZHANG@example.org",
        "officers.csv: line 3, column 'login': sign-in name 'ZHANG@example.org' is also officer OF-1's (line 2)")]
    [InlineData("OF-1,A,Chaoyang,39.9,116.4,console,13800000001,3,", "OF-2,B,Chaoyang,39.9,116.4,console,13800000002,3,of-1",
        "officers.csv: line 3, column 'login': sign-in name 'of-1' is also officer OF-1's (line 2)")]
    [InlineData("OF-1,A,Chaoyang,39.9,116.4,console,13800000001,3,of-2", "OF-2,B,Chaoyang,39.9,116.4,console,13800000002,3,",
        "officers.csv: line 3, column 'id': sign-in name 'OF-2' is also officer OF-1's (line 2)")]
    public void CsvImporter_ParseOfficers_RefusesOneSignInNameForTwoOfficers(string first, string second, string expected)
    {
        var text = Lines(OfficerHeader + ",login", first, second);

        Should.Throw<ImportException>(() => CsvImporter.ParseOfficers("officers.csv", text)).Message.ShouldContain(expected);
    }

    [Fact]
    public void CsvImporter_ParseOfficers_RefusesASignInNameAnImportedOfficerHas()
    {
        var text = Lines(OfficerHeader + ",login", "OF-2,B,Chaoyang,39.9,116.4,console,13800000002,3,Zhang");
        Officer[] stored = [new("OF-1", "A", "Chaoyang", 39.9, 116.4, "console", "13800000001", 3, Login: "zhang")];

        Should.Throw<ImportException>(() => CsvImporter.ParseOfficers("officers.csv", text, stored))
            .Message.ShouldContain("line 2, column 'login': sign-in name 'Zhang' is also officer OF-1's (already imported)");
        CsvImporter.ParseOfficers("officers.csv", text, [stored[0] with { Removed = true }]).ShouldHaveSingleItem().Login.ShouldBe("Zhang", "a removed officer's name is free");
        CsvImporter.ParseOfficers("officers.csv", Lines(OfficerHeader + ",login", "OF-1,A,Chaoyang,39.9,116.4,console,13800000001,3,Zhang"), stored)
            .ShouldHaveSingleItem().Login.ShouldBe("Zhang", "an officer keeps their own name, in any case");
    }

    [Theory]
    [InlineData("recipients", "R-1,BJ-DC-001,Li,worker,console,138\u001b[2J00000001,zh,,", "line 2, column 'address': contains control characters")]
    [InlineData("recipients", "R-1,BJ-DC-001,Li,worker,webhook,\"https://example.org/\u0007hook\",zh,,", "line 2, column 'address': contains control characters")]
    [InlineData("officers", "OF-1,A,Chaoyang,39.9,116.4,console,\"13800000001\u0000\",3,", "line 2, column 'address': contains control characters")]
    [InlineData("officers", "OF-1,A,Chaoyang,39.9,116.4,console,13800000001,3,\"zhang\nadmin\"", "line 2, column 'login': contains control characters")]
    [InlineData("sites", "S1,One,Fengtai,39.8,116.3,market,10,\"Gate 3\u001b]8;;http://x\u0007\"", "line 2, column 'address': contains control characters")]
    public void CsvImporter_ControlCharactersInAddressPhoneOrLogin_AreRefusedNamingLineAndColumn(string kind, string row, string expected)
    {
        row = System.Text.RegularExpressions.Regex.Unescape(row);
        Func<object> parse = kind switch
        {
            "recipients" => () => CsvImporter.ParseRecipients("f.csv", Lines(RecipientHeader, row), KnownSites),
            "officers" => () => CsvImporter.ParseOfficers("f.csv", Lines(OfficerHeader + ",login", row)),
            _ => () => CsvImporter.ParseSites("f.csv", Lines(SiteHeader + ",address", row)),
        };

        Should.Throw<ImportException>(() => parse()).Message.ShouldContain($"f.csv: {expected}");
    }

    [Fact]
    public void CsvImporter_Decode_ReadsGbkAsSavedByExcelOnChineseWindows()
    {
        var text = Lines(SiteHeader, "S1,新发地市场（丰台）,丰台区,39.8,116.3,market,10");
        var bytes = GetGb18030().GetBytes(text);
        Should.Throw<System.Text.DecoderFallbackException>(() => new System.Text.UTF8Encoding(false, true).GetString(bytes), "the file is not UTF-8");

        var site = CsvImporter.ParseSites("sites.csv", CsvImporter.Decode("sites.csv", bytes)).ShouldHaveSingleItem();

        (site.Name, site.District).ShouldBe(("新发地市场（丰台）", "丰台区"));
    }

    [Theory]
    [InlineData("Latin-1", "S1,Caf\u00e9 M\u00fcller,Fengtai,39.8,116.3,market,10")]
    [InlineData("GBK beyond GB2312", "S1,\u6731\u9555\u57fa,Fengtai,39.8,116.3,market,10")]
    public void CsvImporter_Decode_RefusesOtherEncodingsWithLineAndHowTo(string encoding, string row)
    {
        var text = Lines(SiteHeader, System.Text.RegularExpressions.Regex.Unescape(row));
        var bytes = encoding == "Latin-1" ? System.Text.Encoding.Latin1.GetBytes(text) : GetGb18030().GetBytes(text);

        var ex = Should.Throw<ImportException>(() => CsvImporter.Decode("sites.csv", bytes));

        ex.Message.ShouldStartWith("sites.csv: not UTF-8 text (invalid byte at offset ");
        ex.Message.ShouldContain(", line 2)");
        ex.Message.ShouldContain("CSV UTF-8 (Comma delimited)");
        ex.Message.ShouldContain("在 Excel 中另存为");
    }

    private static System.Text.Encoding GetGb18030()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding("GB18030");
    }
}

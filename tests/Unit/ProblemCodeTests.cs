using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// The codes a refused file, form or change carries: each has a Chinese and an English text on the dashboard (the
/// English one the server's own), the Chinese uses only arguments the server sends, and the importer fills every
/// argument its codes' texts name.
/// </summary>
public sealed partial class ProblemCodeTests
{
    private const string SiteHeader = "id,name,district,latitude,longitude,kind,outdoor_workers";
    private const string RecipientHeader = "id,site_id,name,role,channel,address,language,quiet_start,quiet_end";
    private const string OfficerHeader = "id,name,district,latitude,longitude,channel,address,max_visits_per_day,login";

    // Codes the importer gives that need storage to reach (a form's unknown field, a file over 50 MB) or that it never
    // gives (it checks the channel before the address); ImportTests and DirectoryApiTests reach the first two.
    private static readonly ProblemCode[] NotReachedHere = [ProblemCode.UnknownField, ProblemCode.FileTooLarge, ProblemCode.UnknownChannel];

    [Fact]
    public void ProblemCode_Dashboard_HasAChineseAndAnEnglishTextForEveryCode()
    {
        var (zh, en) = PageTexts();

        var codes = ProblemCodeWire.All.Select(c => c.ToWire()).ToList();
        codes.ShouldBeUnique();
        codes.Where(c => !zh.ContainsKey(c)).ShouldBeEmpty("codes without a Chinese text on the dashboard");
        codes.Where(c => !en.ContainsKey(c)).ShouldBeEmpty("codes without an English text on the dashboard");
        zh.Keys.Concat(en.Keys).Except(codes).ShouldBeEmpty("texts on the dashboard for codes the server does not have");
    }

    [Fact]
    public void ProblemCode_Dashboard_EnglishIsTheServersAndChineseUsesItsArguments()
    {
        var (zh, en) = PageTexts();

        foreach (var code in ProblemCodeWire.All)
        {
            en[code.ToWire()].ShouldBe(code.English(), $"the page's English for {code.ToWire()}");
            Placeholders(zh[code.ToWire()]).Except(code.ArgumentNames()).ShouldBeEmpty($"the Chinese for {code.ToWire()} names arguments the server does not send");
            zh[code.ToWire()].ShouldMatch(@"\p{IsCJKUnifiedIdeographs}", $"the Chinese for {code.ToWire()} is Chinese");
        }
    }

    [Fact]
    public void CsvImporter_Refusals_CarryKnownCodesWithEveryArgumentTheirTextNames()
    {
        var errors = BadFiles().SelectMany(parse => Should.Throw<ImportException>(parse).Errors).ToList();

        foreach (var e in errors)
        {
            ProblemCodeWire.All.ShouldContain(e.Code);
            e.Args.Keys.Order().ShouldBe(e.Code.ArgumentNames().Order(), $"the arguments of {e.Code.ToWire()}");
            e.Problem.ShouldNotMatch(@"\{\w+\}", "every placeholder is filled");
        }

        // Every code the importer's source names is given by one of the files above, so the checks above saw it.
        var source = File.ReadAllText(Path.Combine(TestPaths.Root, "src", "Sites", "CsvImporter.cs"));
        var named = CodeReference().Matches(source).Select(m => Enum.Parse<ProblemCode>(m.Groups[1].Value)).Distinct();
        named.Except(errors.Select(e => e.Code)).Except(NotReachedHere).ShouldBeEmpty("codes CsvImporter gives that no bad file here produced");
    }

    [Fact]
    public void ImportError_Problem_IsTheEnglishTextWithItsArguments()
    {
        var error = new ImportError(3, "quiet_start", ProblemCode.NotATime, new Dictionary<string, string> { ["value"] = "25:00" });

        error.Problem.ShouldBe("'25:00' is not a time of day (HH:mm)");
        new ImportError(2, "name", ProblemCode.Required).Problem.ShouldBe("required");
    }

    private static IEnumerable<Action> BadFiles()
    {
        static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";
        var known = new HashSet<string>(StringComparer.Ordinal) { "S1" };
        yield return () => CsvImporter.ParseSites("sites.csv", string.Empty);
        yield return () => CsvImporter.ParseSites("sites.csv", Lines("id,name", "S1,Depot"));
        yield return () => CsvImporter.Decode("sites.csv", [.. Encoding.UTF8.GetBytes(SiteHeader + "\n"), 0xC3, 0x28]);
        yield return () => CsvImporter.ParseSites("sites.csv", Lines(SiteHeader + ",admin_code,active",
            ",Depot,Dongcheng,39.9,116.4,sanitation,5,,",
            "S 2,Depot,Dongcheng,39.9,116.4,sanitation,5,,",
            $"S3,{new string('x', 201)},Dongcheng\u0007,91,116.4,sanitation,-1,12,maybe",
            "S4,Depot,Dongcheng,39.9,116.4,sanitation,5,,",
            "S4,Depot,Dongcheng,39.9,116.4,sanitation,5,,"));
        yield return () => CsvImporter.ParseRecipients("recipients.csv", Lines(RecipientHeader,
            "R1,S9,Wang,foreman,sms,x,fr,25:00,",
            "R2,S1,Wang,foreman,webhook,hooks/abc,zh,22:00,",
            "R3,S1,Wang,foreman,webhook,http://127.0.0.1/hook,zh,,",
            "R4,S1,Wang,foreman,email,13812345678,zh,,",
            $"R5,S1,Wang,foreman,console,{new string('1', 300)},zh,,"), known);
        yield return () => CsvImporter.ParseOfficers("officers.csv", Lines(OfficerHeader,
            "O1,A,Chaoyang,39.9,116.4,console,13800000001,3,",
            "O2,B,Chaoyang,39.9,116.4,console,13800000002,3,o1"));
        yield return () => CsvImporter.ParseOfficers("officers.csv", Lines(OfficerHeader, "O2,B,Chaoyang,39.9,116.4,console,13800000002,3,zhang"),
            [new Officer("O1", "A", "Chaoyang", 39.9, 116.4, "console", "13800000001", 3, Login: "Zhang")]);
    }

    /// <summary>The page's texts for problem codes, by code, in Chinese and in English, as the dashboard's script declares them.</summary>
    private static (Dictionary<string, string> Zh, Dictionary<string, string> En) PageTexts()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.Root, "src", "Dashboard", "dashboard.html"));
        var texts = new Dictionary<string, Dictionary<string, string>> { ["zh"] = [], ["en"] = [] };
        foreach (Match block in Dictionary().Matches(page))
        {
            foreach (Match entry in ProblemEntry().Matches(block.Groups[2].Value))
            {
                texts[block.Groups[1].Value].Add(entry.Groups[1].Value, JsonSerializer.Deserialize<string>(entry.Groups[2].Value)!);
            }
        }

        texts["zh"].Count.ShouldBeGreaterThan(0, "the page's Chinese problem texts are found");
        texts["en"].Count.ShouldBeGreaterThan(0, "the page's English problem texts are found");
        return (texts["zh"], texts["en"]);
    }

    private static IEnumerable<string> Placeholders(string text) => Regex.Matches(text, @"\{(\w+)\}").Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"Object\.assign\(T\.(zh|en),\s*\{\s*\n(\s*""problem\..*?)\n\}\);", RegexOptions.Singleline)]
    private static partial Regex Dictionary();

    [GeneratedRegex(@"""problem\.([a-z0-9-]+)"":\s*(""(?:[^""\\]|\\.)*"")")]
    private static partial Regex ProblemEntry();

    [GeneratedRegex(@"ProblemCode\.(\w+)")]
    private static partial Regex CodeReference();
}

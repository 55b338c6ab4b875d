using System.Text.Json;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// <c>evaluate --warnings</c> over the recorded heatwave and the sample CAP set: 01 orange from 22 June, 02 the red
/// update sent 22 June 10:20, 03 its cancel sent 24 June 18:00, 04 a drill on 23 June, 05 a rainstorm. A day is seen
/// as it stood at its end (Asia/Shanghai) unless <c>--as-of</c> says otherwise.
/// </summary>
public sealed class EvaluateWarningsCliTests
{
    private static string SitesFile => Path.Combine(TestPaths.Samples, "sites.csv");

    private static string Warnings => Path.Combine(TestPaths.Samples, "warnings");

    private static async Task<Dictionary<string, JsonElement>> RowsAsync(params string[] extra)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        string[] args = ["evaluate", "--weather", TestPaths.Recording, "--sites", SitesFile, "--json", .. extra];

        (await SelfHostCli.RunAsync(args, output, errors, TestContext.Current.CancellationToken)).ShouldBe(0, errors.ToString());

        errors.ToString().ShouldBeEmpty();
        using var doc = JsonDocument.Parse(output.ToString());
        return doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("siteId").GetString()!, r => r.Clone());
    }

    private static string? Text(JsonElement row, string name) => row.GetProperty(name).GetString();

    private static string? WarningId(JsonElement row) =>
        row.GetProperty("officialWarning") is { ValueKind: JsonValueKind.Object } w ? w.GetProperty("identifier").GetString() : null;

    [Fact]
    public async Task Evaluate_TheRedUpdate_RaisesACoveredSiteTheForecastCallsOrange()
    {
        var rows = await RowsAsync("--warnings", Warnings, "--date", "2023-06-23");

        // Dongzhimen: 38.8 C on the 23rd is orange by the forecast; the red update covers the plain districts.
        var dongzhimen = rows["BJ-DC-001"];
        Text(dongzhimen, "level").ShouldBe("red");
        Text(dongzhimen, "forecastLevel").ShouldBe("orange");
        Text(dongzhimen, "levelDecidedBy").ShouldBe("warning");
        var warning = dongzhimen.GetProperty("officialWarning");
        Text(warning, "identifier").ShouldBe("BJMO-GW-20230622102000");
        Text(warning, "level").ShouldBe("red");
        Text(warning, "senderName").ShouldBe("北京市气象台");
        Text(warning, "headline").ShouldBe("北京市气象台将高温橙色预警升级为红色预警");
        Text(warning, "expires").ShouldBe("2023-06-24T20:00:00+08:00");

        // The advice follows the merged level and cites the warning; the forecast's weaker rule is not repeated.
        var advice = Text(dongzhimen, "advice")!;
        advice.ShouldStartWith("北京市气象台 issued a red heat warning: stop outdoor work for the day.");
        advice.ShouldContain("Forecast maximum 38.8 °C");
        advice.ShouldNotContain("hours of outdoor work");
        Text(rows["BJ-CY-001"], "advice")!.ShouldNotContain("heat warning", Case.Insensitive, "the forecast decided there (40.2 C is red already)");

        // Changping's forecast says none that day; Yanqing lies outside the warned plain.
        Text(rows["BJ-CP-001"], "level").ShouldBe("red");
        Text(rows["BJ-CP-001"], "forecastLevel").ShouldBe("none");
        Text(rows["BJ-YQ-001"], "level").ShouldBe("none");
        rows["BJ-YQ-001"].GetProperty("officialWarning").ValueKind.ShouldBe(JsonValueKind.Null);
        Text(rows["BJ-YQ-001"], "levelDecidedBy").ShouldBe("forecast");

        // Neither the Daxing drill (Exercise) nor the rainstorm (not heat) is ever the warning cited.
        rows.Values.Select(WarningId).Distinct().ShouldBe(["BJMO-GW-20230622102000", null], ignoreOrder: true);
    }

    [Fact]
    public async Task Evaluate_TheDrillAlone_ChangesNoLevel()
    {
        var rows = await RowsAsync("--warnings", Path.Combine(Warnings, "04-daxing-heat-red-exercise.xml"), "--date", "2023-06-23");

        rows.Values.ShouldAllBe(r => r.GetProperty("officialWarning").ValueKind == JsonValueKind.Null);
        rows.Values.ShouldAllBe(r => r.GetProperty("level").GetString() == r.GetProperty("forecastLevel").GetString());
        Text(rows["BJ-DX-004"], "level").ShouldBe("red", "the forecast's own red, not the drill's");
    }

    [Fact]
    public async Task Evaluate_AsOfBeforeTheUpdate_SeesTheOrangeWarning()
    {
        var before = await RowsAsync("--warnings", Warnings, "--date", "2023-06-22", "--as-of", "2023-06-22T09:00:00+08:00");
        var after = await RowsAsync("--warnings", Warnings, "--date", "2023-06-22");

        // Chaoyang's BJ-CY-004: orange by the forecast on the 22nd. At 09:00 only the orange alert had been sent: a tie, cited.
        Text(before["BJ-CY-004"], "forecastLevel").ShouldBe("orange");
        Text(before["BJ-CY-004"], "level").ShouldBe("orange");
        Text(before["BJ-CY-004"], "levelDecidedBy").ShouldBe("warning");
        WarningId(before["BJ-CY-004"]).ShouldBe("BJMO-GW-20230621173000");
        Text(before["BJ-CY-004"].GetProperty("officialWarning"), "headline").ShouldBe("Beijing Meteorological Observatory issues an orange high temperature warning", "--lang en cites the English info");

        // Dongzhimen's forecast is red that day: the orange warning is shown but the forecast decided.
        Text(before["BJ-DC-001"], "level").ShouldBe("red");
        Text(before["BJ-DC-001"], "levelDecidedBy").ShouldBe("forecast");
        Text(before["BJ-DC-001"].GetProperty("officialWarning"), "level").ShouldBe("orange");

        // By the end of the day the red update (10:20) had replaced it.
        Text(after["BJ-CY-004"], "level").ShouldBe("red");
        WarningId(after["BJ-CY-004"]).ShouldBe("BJMO-GW-20230622102000");
    }

    [Fact]
    public async Task Evaluate_TheCancel_EndsTheRedWarning()
    {
        var cancelled = await RowsAsync("--warnings", Warnings, "--date", "2023-06-24");
        var noon = await RowsAsync("--warnings", Warnings, "--date", "2023-06-24", "--as-of", "2023-06-24T12:00:00+08:00");

        cancelled.Values.ShouldAllBe(r => r.GetProperty("officialWarning").ValueKind == JsonValueKind.Null);
        Text(cancelled["BJ-DC-001"], "level").ShouldBe("orange");
        Text(cancelled["BJ-DC-001"], "levelDecidedBy").ShouldBe("forecast");
        Text(noon["BJ-DC-001"], "level").ShouldBe("red", "the cancel was sent at 18:00");
        WarningId(noon["BJ-DC-001"]).ShouldBe("BJMO-GW-20230622102000");
    }

    [Fact]
    public async Task Evaluate_WithoutWarnings_KeepsTheForecastsLevel()
    {
        var rows = await RowsAsync("--date", "2023-06-23");

        Text(rows["BJ-DC-001"], "level").ShouldBe("orange");
        rows.Values.ShouldAllBe(r => r.GetProperty("officialWarning").ValueKind == JsonValueKind.Null && r.GetProperty("levelDecidedBy").GetString() == "forecast");
    }

    [Fact]
    public async Task Evaluate_Table_ShowsTheWarningInTheChosenLanguage()
    {
        var ct = TestContext.Current.CancellationToken;
        var zh = new StringWriter();
        var en = new StringWriter();

        (await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--sites", SitesFile, "--warnings", Path.Combine(Warnings, "01-beijing-heat-orange.xml"), "--date", "2023-06-23", "--lang", "zh"], zh, ct)).ShouldBe(0);
        (await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--sites", SitesFile, "--warnings", Path.Combine(Warnings, "01-beijing-heat-orange.xml"), "--date", "2023-06-23"], en, ct)).ShouldBe(0);

        var zhLines = zh.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        zhLines[0].ShouldStartWith("site         date       level  fcst ");
        var dongzhimen = zhLines.Single(l => l.StartsWith("BJ-DC-001", StringComparison.Ordinal));
        dongzhimen.ShouldStartWith("BJ-DC-001    2023-06-23 orange orange ");
        dongzhimen.ShouldEndWith("| 预警: 北京市气象台发布高温橙色预警 (BJMO-GW-20230621173000)");
        en.ToString().Split('\n').Single(l => l.StartsWith("BJ-DC-001", StringComparison.Ordinal))
            .ShouldEndWith("| warning: Beijing Meteorological Observatory issues an orange high temperature warning (BJMO-GW-20230621173000)");
        zhLines.Single(l => l.StartsWith("BJ-YQ-001", StringComparison.Ordinal)).ShouldNotContain("预警:");
    }

    [Fact]
    public async Task Evaluate_ABadFileInTheFolder_IsReportedAndTheOthersCount()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = TestPaths.NewTempFolder();
        foreach (var file in Directory.EnumerateFiles(Warnings, "*.xml"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "00-broken.xml"), "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>X", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "06-no-area.xml"), File.ReadAllText(Path.Combine(Warnings, "01-beijing-heat-orange.xml"))
            .Replace("BJMO-GW-20230621173000", "BJMO-GW-NOAREA", StringComparison.Ordinal)
            .Replace("<area>", "<!--", StringComparison.Ordinal).Replace("</area>", "-->", StringComparison.Ordinal), ct);
        var output = new StringWriter();
        var errors = new StringWriter();

        (await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--sites", SitesFile, "--warnings", folder, "--date", "2023-06-23", "--json"], output, errors, ct)).ShouldBe(0);

        var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Length.ShouldBe(2, errors.ToString());
        lines[0].ShouldStartWith("warning file '00-broken.xml' rejected: not well-formed XML");
        lines[1].ShouldBe("warning file '06-no-area.xml' rejected: info 1: no area, so it covers no site");
        using var doc = JsonDocument.Parse(output.ToString());
        var dongzhimen = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("siteId").GetString() == "BJ-DC-001");
        Text(dongzhimen, "level").ShouldBe("red");
        WarningId(dongzhimen).ShouldBe("BJMO-GW-20230622102000");
    }

    [Fact]
    public async Task Evaluate_AMissingWarningsPath_IsAUsageError()
    {
        var ct = TestContext.Current.CancellationToken;
        var missing = Path.Combine(TestPaths.NewTempFolder(), "no-such-warnings");
        var errors = new StringWriter();
        var output = new StringWriter();

        (await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--warnings", missing, "--json"], output, errors, ct)).ShouldBe(2);
        (await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--as-of", "2023-06-22T09:00:00+08:00"], output, errors, ct)).ShouldBe(2);
        (await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--warnings", Warnings, "--as-of", "2023-06-22 09:00"], output, errors, ct)).ShouldBe(2);

        var text = errors.ToString();
        text.Split('\n').First().ShouldBe($"error: warnings '{missing}' not found (a CAP file or a folder of them)");
        text.ShouldContain("error: --as-of needs --warnings PATH");
        text.ShouldContain("error: --as-of '2023-06-22 09:00' is not a time with its offset");
        output.ToString().ShouldBeEmpty();
    }
}

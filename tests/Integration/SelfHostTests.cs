using System.Text.Json;
using Azure.Storage.Blobs;
using HeatRelief.Api;
using HeatRelief.SelfHost.Cli;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using HeatRelief.Sites;

namespace HeatRelief.Tests.Integration;

/// <summary>The self-host starts with its timer (and the replacement schedule monitor), and its command line works.</summary>
public sealed class SelfHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SelfHost_StartsWithTimersAndStops()
    {
        var ct = TestContext.Current.CancellationToken;

        // AddTimers() alone registers a monitor built on an old storage SDK that fails to load here.
        await using var harness = SelfHostHarness.Create(azurite);
        await harness.StartAsync(ct);

        harness.Get<ScheduleMonitor>().ShouldBeOfType<BlobScheduleMonitor>();
    }

    [Theory]
    [InlineData("Weather:Source", "satellite", "Weather__Source")]
    [InlineData("HeatRules:RedSignalC", "400", "HeatRules__RedSignalC")]
    [InlineData("Storage:DeliveryChunkSize", "500", "Storage__DeliveryChunkSize")]
    [InlineData("Audit:TimeZone", "Mars/Olympus", "Audit__TimeZone")]
    public async Task SelfHost_BadSetting_RefusesToStartNamingTheKey(string key, string value, string named)
    {
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?> { [key] = value });

        var error = await Should.ThrowAsync<Exception>(() => harness.Host.StartAsync(TestContext.Current.CancellationToken));

        error.ToString().ShouldContain(named);
    }

    [Fact]
    public async Task BlobScheduleMonitor_UpdateThenGet_RoundTripsStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        var monitor = new BlobScheduleMonitor(new BlobServiceClient(azurite.ConnectionString(azurite.RentAccount())));
        (await monitor.GetStatusAsync("HeatCheck")).ShouldBeNull();
        var last = new DateTime(2026, 7, 15, 2, 0, 0, DateTimeKind.Utc);

        await monitor.UpdateStatusAsync("HeatCheck", new ScheduleStatus { Last = last, Next = last.AddHours(1), LastUpdated = last });

        var status = await monitor.GetStatusAsync("HeatCheck");
        status.Next.ShouldBe(last.AddHours(1));
        ct.IsCancellationRequested.ShouldBeFalse();
    }

    [Fact]
    public async Task Cli_EvaluateJson_GradesTheRecordingAsItStands()
    {
        var output = new StringWriter();

        var code = await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--json"], output, TestContext.Current.CancellationToken);

        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output.ToString());
        var rows = doc.RootElement.EnumerateArray().ToList();
        rows.Count.ShouldBe(17);
        rows[0].GetProperty("siteId").GetString().ShouldBe("0");
        rows.ShouldAllBe(r => r.GetProperty("date").GetString() == "2023-06-22");
        var levels = rows.Select(r => r.GetProperty("level").GetString()).ToHashSet();
        levels.ShouldBe(["red", "orange", "yellow", "none"], ignoreOrder: true);
        var red = rows.First(r => r.GetProperty("level").GetString() == "red");
        red.GetProperty("maxTemperatureC").GetDouble().ShouldBeGreaterThanOrEqualTo(40.0);
        red.GetProperty("hottestWindow").GetProperty("start").GetString()!.ShouldMatch("^[0-2][0-9]:00$");
        red.GetProperty("advice").GetString()!.ShouldContain("stop outdoor work");
        foreach (var key in new[] { "signal", "maxHeatIndexC", "heatIndexBand" })
        {
            red.TryGetProperty(key, out var _).ShouldBeTrue(key);
        }
    }

    [Fact]
    public async Task Cli_EvaluateWithSitesAndDate_NamesRowsBySiteAndRefusesMismatches()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = TestPaths.NewTempFolder();
        var weather = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.8, 116.3, [36.0, 38.0, 35.5]));
        var oneSite = CsvFiles.Write(folder, "one.csv", CsvFiles.SitesHeader, "S1,One,Fengtai,39.8,116.3,market,10");
        var farSite = CsvFiles.Write(folder, "far.csv", CsvFiles.SitesHeader, "S1,One,Fengtai,39.8,116.3,market,10", "S2,Far,Pudong,31.2,121.5,market,10");
        var output = new StringWriter();

        (await SelfHostCli.RunAsync(["evaluate", "--weather", weather, "--sites", oneSite, "--date", "2023-06-23", "--json"], output, ct)).ShouldBe(0);
        using (var doc = JsonDocument.Parse(output.ToString()))
        {
            var row = doc.RootElement.EnumerateArray().Single();
            row.GetProperty("siteId").GetString().ShouldBe("S1");
            row.GetProperty("level").GetString().ShouldBe("orange");
        }

        var errors = new StringWriter();
        (await SelfHostCli.RunAsync(["evaluate", "--weather", weather, "--sites", farSite], new StringWriter(), errors, TestContext.Current.CancellationToken)).ShouldBe(1);
        errors.ToString().ShouldContain("Site S2 is 1065 km from the nearest forecast location (39.80, 116.30); the forecast does not cover it");
        (await SelfHostCli.RunAsync(["evaluate", "--weather", weather, "--date", "2023-07-01"], new StringWriter(), errors, TestContext.Current.CancellationToken)).ShouldBe(1);
        errors.ToString().ShouldContain("no forecast for 2023-07-01");
        (await SelfHostCli.RunAsync(["evaluate", "--weather", weather, "--colour", "red"], new StringWriter(), errors, TestContext.Current.CancellationToken)).ShouldBe(2);
        errors.ToString().ShouldContain("unknown option");
    }

    [Fact]
    public async Task Cli_EvaluateBundledSites_PairsEachSiteWithTheNearestRecordedLocation()
    {
        // 33 sites, 17 recorded locations: sites close together share one, as in the heat check.
        var ct = TestContext.Current.CancellationToken;
        var sitesFile = Path.Combine(TestPaths.Samples, "sites.csv");
        var ids = File.ReadAllLines(sitesFile).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToList();

        foreach (var date in new[] { "2023-06-22", "2023-06-24" })
        {
            var output = new StringWriter();
            (await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--sites", sitesFile, "--date", date, "--json"], output, ct)).ShouldBe(0);

            using var doc = JsonDocument.Parse(output.ToString());
            var rows = doc.RootElement.EnumerateArray().ToList();
            rows.Select(r => r.GetProperty("siteId").GetString()).ShouldBe(ids);
            rows.ShouldAllBe(r => r.GetProperty("date").GetString() == date);
            var byId = rows.ToDictionary(r => r.GetProperty("siteId").GetString()!);

            // Dongzhimen (39.9385, 116.4298) is 2 km from the central-city point (39.92, 116.42): 40.1 C on the
            // 22nd; Yanqing (40.462, 115.972) is 6 km from the valley point (40.42, 115.92): 32.4 C, then 33.7 C.
            byId["BJ-DC-001"].GetProperty("maxTemperatureC").GetDouble().ShouldBe(date == "2023-06-22" ? 40.1 : 38.0);
            byId["BJ-YQ-001"].GetProperty("maxTemperatureC").GetDouble().ShouldBe(date == "2023-06-22" ? 32.4 : 33.7);
        }

        var table = new StringWriter();
        (await SelfHostCli.RunAsync(["evaluate", "--weather", TestPaths.Recording, "--sites", sitesFile], table, ct)).ShouldBe(0);
        table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + 33);
    }

    [Fact]
    public async Task Cli_EvaluateJson_LeavesTheHottestWindowUnknownAroundAGap()
    {
        // 38.5 C peaking at 15:00 with 13:00-16:00 missing (null): the hours there are put the hottest run at
        // 16:00-19:00, but the real peak is in the gap. No hottest window; 11:00-16:00 widened to 11:00-19:00.
        var json = System.Text.Json.Nodes.JsonNode.Parse(ForecastBuilder.Json(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.8, 116.3, [38.5, 38.5, 38.5])))!;
        var temperatures = json[0]!["hourly"]!["temperature_2m"]!.AsArray();
        foreach (var hour in new[] { 13, 14, 15 })
        {
            temperatures[hour] = null;
        }

        var weather = Path.Combine(TestPaths.NewTempFolder(), "gap.json");
        await File.WriteAllTextAsync(weather, json.ToJsonString(), TestContext.Current.CancellationToken);
        var output = new StringWriter();

        (await SelfHostCli.RunAsync(["evaluate", "--weather", weather, "--json"], output, TestContext.Current.CancellationToken)).ShouldBe(0);

        using var doc = JsonDocument.Parse(output.ToString());
        var row = doc.RootElement.EnumerateArray().Single();
        row.GetProperty("hottestWindow").ValueKind.ShouldBe(JsonValueKind.Null);
        row.GetProperty("hottestWindowUnknown").GetBoolean().ShouldBeTrue();
        row.GetProperty("fallbackWindow").GetProperty("start").GetString().ShouldBe("11:00");
        row.GetProperty("fallbackWindow").GetProperty("end").GetString().ShouldBe("19:00");
        row.GetProperty("advice").GetString()!.ShouldStartWith("Forecast maximum 38.5 °C: at most 6 hours of outdoor work; the forecast is incomplete, so the hottest hours are not known: no outdoor work 11:00-19:00.");
    }

    [Fact]
    public async Task Cli_RunOnce_ImportsChecksDrainsAndPrintsSummary()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = azurite.RentAccount();
        var settings = TestServices.BaseSettings(azurite.ConnectionString(account), prefix: null);
        settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using (var importHost = SelfHostBuilder.Build(TestPaths.Root, configuration, SelfHostBuilder.WarningsOnly))
        {
            var importOutput = new StringWriter();
            (await ImportCommand.RunAsync(CommandLine.Parse(["import", TestPaths.Samples]), importHost.Services, importOutput, ct)).ShouldBe(0);
            importOutput.ToString().ShouldContain("12 officers (12 new");
        }

        var output = new StringWriter();
        var code = await RunCommand.RunAsync(CommandLine.Parse(["run", "--once"]), TestPaths.Root, configuration, output, ct);

        code.ShouldBe(0);
        var summary = output.ToString().Split('\n').Single(l => l.StartsWith("Summary:", StringComparison.Ordinal));
        summary.ShouldContain("sites checked 33");
        summary.ShouldMatch(@"levels raised [1-9]\d* \(red [1-9]");
        summary.ShouldMatch(@"delivered [1-9]\d*");
        summary.ShouldContain("failed 0");
        var visits = System.Text.RegularExpressions.Regex.Match(summary, @"visits requested (\d+), assigned (\d+), unassigned (\d+), escalated (\d+)");
        visits.Success.ShouldBeTrue(summary);
        int.Parse(visits.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        visits.Groups[2].Value.ShouldBe(visits.Groups[1].Value, "the demo officers have room for every raised site");
        output.ToString().ShouldNotContain("visit-requests", customMessage: "nothing is left waiting on the visit-request queue");
    }

    [Fact]
    public async Task Cli_RunOnce_AfterAMissedTimerRun_ChecksOnlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = azurite.RentAccount();
        var settings = TestServices.BaseSettings(azurite.ConnectionString(account), prefix: null);
        settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using (var setup = SelfHostBuilder.Build(TestPaths.Root, configuration, SelfHostBuilder.WarningsOnly))
        {
            (await ImportCommand.RunAsync(CommandLine.Parse(["import", TestPaths.Samples]), setup.Services, new StringWriter(), ct)).ShouldBe(0);

            // The host was down over the hour: the timer's status (consistent with the hourly schedule) says a run is overdue.
            var now = DateTime.Now;
            var last = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, now.Kind).AddHours(-3);
            await new BlobScheduleMonitor(new BlobServiceClient(azurite.ConnectionString(account)))
                .UpdateStatusAsync(RunCommand.HeatCheckTimerName, new ScheduleStatus { Last = last, Next = last.AddHours(1), LastUpdated = last });
        }

        var output = new StringWriter();
        (await RunCommand.RunAsync(CommandLine.Parse(["run", "--once"]), TestPaths.Root, configuration, output, ct)).ShouldBe(0);

        output.ToString().Split('\n').Single(l => l.StartsWith("Summary:", StringComparison.Ordinal)).ShouldContain("sites checked 33 |");
    }

    [Theory]
    [InlineData("--officer", "li.na@union.example", Caller.OfficerRole)]
    [InlineData("--admin", "duty", Caller.AdminRole)]
    public void Cli_Token_PrintsAHeaderValueSignedForTheSelfHost(string option, string name, string role)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero));
        var output = new StringWriter();

        var code = TokenCommand.Run(CommandLine.Parse(["token", option, name, "--hours", "2"]), TokenSettings("true", TestServices.DevelopmentSigningKey), output, clock);

        code.ShouldBe(0);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, "only the header value, so TOKEN=$(./run.sh token ...) works");
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientPrincipal.HeaderName] = lines[0].Trim();
        var reader = new DevelopmentTokens(Options.Create(new AuthOptions { DevelopmentSignIn = true, DevelopmentSigningKey = TestServices.DevelopmentSigningKey }), clock);
        var caller = reader.Read(context.Request).Caller!;
        caller.Name.ShouldBe(name);
        caller.Roles.ShouldBe([role]);
        clock.Advance(TimeSpan.FromHours(2));
        reader.Read(context.Request).Problem.ShouldBe("the development token has expired");
    }

    [Theory]
    [InlineData("false", TestServices.DevelopmentSigningKey, "development sign-in is off (Auth__DevelopmentSignIn)")]
    [InlineData(null, TestServices.DevelopmentSigningKey, "development sign-in is off (Auth__DevelopmentSignIn)")]
    [InlineData("true", "too-short", "setting Auth__DevelopmentSigningKey: must be at least 32 characters")]
    public void Cli_Token_RefusesWithoutUsableDevelopmentSignIn(string? signIn, string key, string problem)
    {
        var output = new StringWriter();

        var error = Should.Throw<OptionsValidationException>(() =>
            TokenCommand.Run(CommandLine.Parse(["token", "--officer", "OF-001"]), TokenSettings(signIn, key), output, TimeProvider.System));

        error.Message.ShouldContain(problem);
        output.ToString().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(new[] { "token" }, "token needs exactly one of --officer NAME or --admin NAME")]
    [InlineData(new[] { "token", "--officer", "OF-001", "--admin", "duty" }, "token needs exactly one of --officer NAME or --admin NAME")]
    [InlineData(new[] { "token", "OF-001" }, "'token' takes no argument 'OF-001'")]
    [InlineData(new[] { "token", "--officer", " " }, "the sign-in name must not be empty")]
    [InlineData(new[] { "token", "--officer", "OF-001", "--hours", "0" }, "--hours must be a whole number from 1 to 720")]
    [InlineData(new[] { "token", "--officer", "OF-001", "--hours", "1.5" }, "--hours must be a whole number from 1 to 720")]
    [InlineData(new[] { "token", "--officer", "OF-001", "--role", "admin" }, "unknown option '--role' for 'token'")]
    [InlineData(new[] { "token", "--officer" }, "option --officer needs a value")]
    public async Task Cli_Token_BadUsage_ExitsWith2AndSaysWhy(string[] args, string problem)
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = await SelfHostCli.RunAsync(args, output, errors, TestContext.Current.CancellationToken);

        code.ShouldBe(2);
        errors.ToString().ShouldContain($"error: {problem}");
        errors.ToString().ShouldContain("token --officer NAME | --admin NAME [--hours N]");
        output.ToString().ShouldBeEmpty();
    }

    private static IConfiguration TokenSettings(string? signIn, string key) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:DevelopmentSignIn"] = signIn, ["Auth:DevelopmentSigningKey"] = key })
        .Build();
}

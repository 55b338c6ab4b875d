using System.Diagnostics;
using System.Globalization;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The real self-host process as <c>./run.sh</c> runs it: a failing weather source is one line and exit code 1
/// (never a crash), a running host survives a failing start-up check, and the terminal stays readable.
/// </summary>
public sealed class SelfHostTerminalTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunOnce_WeatherSourceRefuses_ExitsOneWithOneErrorLineAndTheSummary()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = Settings();
        settings["Weather:Source"] = "open-meteo";
        settings["Weather:OpenMeteoBaseUrl"] = $"http://127.0.0.1:{FreePorts.Next()}"; // nothing listens there
        settings["Visits:AdminRecipients"] = "console:campaign-office";
        using var process = SelfHostProcess.Start(settings, "--once");

        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(180), ct);

        code.ShouldBe(1, process.Output);
        var errors = process.Lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
        errors.Count.ShouldBe(1, process.Output);
        errors[0].ShouldStartWith("error: weather source unreachable (");
        errors[0].ShouldEndWith("): no level changed, admins told");
        process.Lines.ShouldContain(l => l.StartsWith("Storage is empty: loaded the demo", StringComparison.Ordinal), process.Output);
        process.Lines.ShouldContain(l => l.StartsWith("Summary: sites checked 0 | levels raised 0", StringComparison.Ordinal), process.Output);
        NoCrash(process);
    }

    [Fact]
    public async Task RunOnce_WeatherSourceHangs_GivesUpWithinTheConfiguredBound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var weather = await FakeOpenMeteo.StartAsync(_ => FakeOpenMeteo.Hang);
        var settings = Settings();
        settings["Weather:Source"] = "open-meteo";
        settings["Weather:OpenMeteoBaseUrl"] = weather.BaseUrl;
        settings["Weather:RequestTimeoutSeconds"] = "2";
        settings["Weather:RetryAttempts"] = "1";
        settings["Weather:RetryDelaySeconds"] = "0";
        var clock = Stopwatch.StartNew();
        using var process = SelfHostProcess.Start(settings, "run", "--once");

        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(180), ct);

        code.ShouldBe(1, process.Output);
        process.Lines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ShouldHaveSingleItem()
            .ShouldStartWith("error: weather source did not answer in time (");
        process.Lines.ShouldContain(l => l.StartsWith("Summary:", StringComparison.Ordinal), process.Output);
        weather.Requests.Count.ShouldBe(2, "one attempt and one retry, as configured");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), "two 2-second attempts, then the check gives up");
        NoCrash(process);
    }

    [Fact]
    public async Task Run_FailingStartupCheck_LogsOneLineAndKeepsServing()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePorts.Next();
        var settings = Settings();
        settings["Weather:RecordingPath"] = Path.Combine(TestPaths.NewTempFolder(), "missing.json");
        settings["SelfHost:HttpPort"] = port.ToString(CultureInfo.InvariantCulture);
        using var process = SelfHostProcess.Start(settings, "run");

        var error = await process.WaitForLineAsync(l => l.StartsWith("error:", StringComparison.Ordinal), TimeSpan.FromSeconds(120), ct);

        error.ShouldContain("weather data unusable (the weather recording");
        error.ShouldContain("still serving, the timer checks again on schedule");
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        process.HasExited.ShouldBeFalse(process.Output);
        using var http = new HttpClient();
        var page = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/dashboard"), ct);
        ((int)page.StatusCode).ShouldBeLessThan(500, "the HTTP API still answers");
        process.HasExited.ShouldBeFalse(process.Output);
        NoCrash(process);
    }

    [Fact]
    public async Task Run_ByDefault_PrintsAFewReadableLinesAndNoInfoLogging()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePorts.Next();
        var settings = Settings();
        settings["SelfHost:HttpPort"] = port.ToString(CultureInfo.InvariantCulture);
        using var process = SelfHostProcess.Start(settings);

        await process.WaitStartedAsync(TimeSpan.FromSeconds(120), ct);
        await process.WaitForLineAsync(l => l.Contains("delivered", StringComparison.Ordinal) && !l.Contains("delivered 0", StringComparison.Ordinal), TimeSpan.FromSeconds(120), ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);

        var lines = process.Lines;
        lines.ShouldContain($"API http://localhost:{port}/api/ · dashboard http://localhost:{port}/api/dashboard · sign-in http://localhost:{port}/dev/signin", process.Output);
        lines.ShouldNotContain(l => l.StartsWith("info:", StringComparison.Ordinal), process.Output);
        lines.ShouldNotContain(l => l.StartsWith("      ", StringComparison.Ordinal), "no indented continuation lines (option dumps, stacks)");

        // The start lines, the demo line, and one summary line whenever the counts change (every 2 s at most).
        lines.Count.ShouldBeLessThan(40, process.Output);
    }

    private static void NoCrash(SelfHostProcess process)
    {
        process.Lines.ShouldNotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal), "no stack trace:\n" + process.Output);
        process.Output.ShouldNotContain("Unhandled exception");
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = TestServices.BaseSettings(azurite.ConnectionString(azurite.RentAccount()), prefix: null);
        settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500";

        // Only the check at start runs: an hourly timer firing during a test would ask the source again.
        settings[FunctionNames.HeatCheckScheduleSetting] = "0 0 0 1 1 *";
        return settings;
    }
}

using HeatRelief.SelfHost.Cli;

namespace HeatRelief.Tests.Unit;

/// <summary>The command line is parsed and validated whole before anything runs: usage errors exit 2 with one clear line, help exits 0.</summary>
public sealed class SelfHostCliTests
{
    [Theory]
    [InlineData(new[] { "frobnicate" }, "error: unknown command 'frobnicate'")]
    [InlineData(new[] { "evalute", "--weather", "x.json" }, "error: unknown command 'evalute'; did you mean evaluate?")]
    [InlineData(new[] { "evaluate", "--weather", "x.json", "--jsn" }, "error: unknown option '--jsn' for 'evaluate'; did you mean --json?")]
    [InlineData(new[] { "--onse" }, "error: unknown option '--onse' for 'run'; did you mean --once?")]
    [InlineData(new[] { "run", "--drain-timeout", "abc" }, "error: --drain-timeout must be a whole number from 1 to 86400 (got 'abc')")]
    [InlineData(new[] { "--once", "--drain-timeout", "-5" }, "error: --drain-timeout must be a whole number from 1 to 86400")]
    [InlineData(new[] { "run", "--drain-timeout" }, "error: option --drain-timeout needs a value")]
    [InlineData(new[] { "run", "now" }, "error: 'run' takes no argument 'now'")]
    [InlineData(new[] { "evaluate", "--weather", "x.json", "--lang", "fr" }, "error: --lang must be one of en, zh (got 'fr')")]
    [InlineData(new[] { "logs", "--date", "2026-13-01" }, "error: --date '2026-13-01' is not YYYY-MM-DD")]
    [InlineData(new[] { "import", "a", "b" }, "error: 'import' takes no argument 'b'")]
    [InlineData(new[] { "help", "tokn" }, "error: unknown command 'tokn'; did you mean token?")]
    public async Task BadCommandLine_ExitsTwoWithOneClearLineAndTheUsage(string[] args, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await SelfHostCli.RunAsync(args, output, error, TestContext.Current.CancellationToken);

        code.ShouldBe(2);
        var lines = error.ToString().Split('\n');
        lines[0].TrimEnd().ShouldStartWith(expected);
        lines.Count(l => l.StartsWith("error:", StringComparison.Ordinal)).ShouldBe(1, error.ToString());
        error.ToString().ShouldContain("usage: ./run.sh [command] [options]");
        error.ToString().ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
        output.ToString().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("help")]
    [InlineData("-h")]
    [InlineData("--help")]
    public async Task Help_PrintsTheOverviewOfEveryCommand(string arg)
    {
        var output = new StringWriter();

        (await SelfHostCli.RunAsync([arg], output, new StringWriter(), TestContext.Current.CancellationToken)).ShouldBe(0);

        foreach (var command in new[] { "run [--once]", "import DIR", "evaluate --weather FILE", "logs [--date", "token --officer NAME", "help [COMMAND]" })
        {
            output.ToString().ShouldContain(command);
        }
    }

    [Theory]
    [InlineData("run", "--drain-timeout <SECONDS>")]
    [InlineData("import", "--recipients <FILE>")]
    [InlineData("evaluate", "--lang <en|zh>")]
    [InlineData("logs", "--csv")]
    [InlineData("token", "--hours <N>")]
    public async Task CommandHelp_ListsItsOptions_WithDashHAndWithHelp(string command, string option)
    {
        foreach (string[] args in new[] { new[] { command, "-h" }, new[] { "help", command } })
        {
            var output = new StringWriter();

            (await SelfHostCli.RunAsync(args, output, new StringWriter(), TestContext.Current.CancellationToken)).ShouldBe(0);

            output.ToString().ShouldContain(option);
            output.ToString().ShouldContain("-h, --help");
        }
    }

    [Fact]
    public void Parse_NoArgumentsOrOptionsOnly_MeanRun_WithValidatedValues()
    {
        CommandLine.Parse([]).Command.ShouldBe("run");
        var line = CommandLine.Parse(["--once", "--drain-timeout", "30", "--demo"]);
        line.Command.ShouldBe("run");
        line.Flag("once").ShouldBeTrue();
        line.Flag("demo").ShouldBeTrue();
        line.Flag("verbose").ShouldBeFalse();
        line.Value<int>("drain-timeout").ShouldBe(30);
        CommandLine.Parse(["run"]).Value<int>("drain-timeout").ShouldBe(RunCommand.DefaultDrainSeconds);
        Should.Throw<UsageException>(() => CommandLine.Parse(["run", "--drain-timeout", "abc"])).Message.ShouldContain("--drain-timeout must be a whole number");
    }
}

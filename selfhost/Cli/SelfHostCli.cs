using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using HeatRelief.Sites;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Weather;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// The self-host's command line (System.CommandLine): run, import, activate/deactivate/remove, evaluate, logs, token, migrate, help. The whole line is
/// parsed and validated before anything touches storage. Exit codes: 0 ok, 1 failed, 2 usage.
/// </summary>
public static class SelfHostCli
{
    public const string Usage = """
        usage: ./run.sh [command] [options]      (./run.sh COMMAND -h: that command's help)
          run [--once] [--no-initial-check] [--drain-timeout SECONDS] [--demo] [--verbose]
                                    run the functions (default); --once: one heat check, drain the queues, exit;
                                    the demo in samples/ is loaded only into empty storage, or its missing rows on --demo
          import DIR | [--sites F] [--recipients F] [--officers F]
                                    validate and upsert sites, recipients and officers from CSV
          activate|deactivate|remove site|recipient|officer ID
                                    change one record's lifecycle (audited); a removed record keeps its history
          evaluate --weather FILE [--sites FILE] [--warnings PATH [--as-of TIME]] [--date YYYY-MM-DD] [--json] [--lang en|zh]
                                    grade a recorded Open-Meteo forecast as it stands (no storage, no network);
                                    --warnings: a CAP file or folder, the level is the higher of forecast and warning
          logs [--date YYYY-MM-DD] [--kind K] [--site S] [--officer O] [--csv]
                                    one day of the audit log (today in Audit__TimeZone), newest first,
                                    as a table or as CSV
          logs --recipient R [--date YYYY-MM-DD]
                                    who got what: every alert recipient R was sent, channel, time, status
          token --officer NAME | --admin NAME [--hours N]
                                    print a development token for the local API: the X-MS-CLIENT-PRINCIPAL header
                                    value (NAME: the officer's login, or their id; valid 8 hours unless --hours)
          migrate                   copy visits from the Assignments table of versions before the rename
                                    into Visits (insert-if-absent; safe to run again)
          help [COMMAND]            this text, or one command's help
        """;

    /// <summary>
    /// Environment variable that makes the program only check its command line: exit 2 (and the error) when it
    /// cannot run, else 0 after printing "storage" or "no-storage", so run.sh starts Azurite only when needed.
    /// </summary>
    public const string CheckOnlyVariable = "HEATRELIEF_CHECK_COMMAND_LINE";

    /// <summary>Commands that never touch storage.</summary>
    private static readonly HashSet<string> StorageFree = ["evaluate", "token", "help"];

    private static readonly RootCommand Root = Define();

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cancel.Cancel();
        });
        try
        {
            if (Environment.GetEnvironmentVariable(CheckOnlyVariable) == "1")
            {
                return Check(args, output, error);
            }

            return await RunAsync(args, output, error, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct) => RunAsync(args, output, Console.Error, ct);

    /// <summary>Parses, validates, then runs the command; every failure is one "error:" line and an exit code, never a stack trace.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var parsed = Parse(args);
        if (IsOverviewHelp(parsed))
        {
            output.WriteLine(Usage);
            return 0;
        }

        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            return UsageError(DescribeErrors(parsed), error);
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, ct);
        }
        catch (UsageException ex)
        {
            return UsageError([ex.Message], error);
        }
        catch (Exception ex) when (ex is ImportException or DirectoryException or WeatherDataException or OptionsValidationException or FileNotFoundException)
        {
            error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception ex)
        {
            // Storage down at start, a host that cannot start: one line; the stack is for --verbose logs, not the terminal.
            error.WriteLine($"error: {HeatCheckFailure.FirstLine(HeatCheckFailure.Cause(ex))} ({HeatCheckFailure.Cause(ex).GetType().Name})");
            return 1;
        }
    }

    /// <summary>Parses with the self-host's definitions; no arguments, or options only, mean <c>run</c>.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var words = args.Count == 0 || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version"))
            ? ["run", .. args]
            : args;
        return Root.Parse(words, new ParserConfiguration { ResponseFileTokenReplacer = null });
    }

    /// <summary>The parse errors as "error:" lines' text: unknown commands and options with the nearest known name.</summary>
    public static IReadOnlyList<string> DescribeErrors(ParseResult parsed)
    {
        var lines = new List<string>();
        var command = parsed.CommandResult.Command;
        var afterUnknownOption = false;
        foreach (var token in parsed.UnmatchedTokens)
        {
            // "--colour red": the word after an unknown option is taken as its value, not reported again.
            if (afterUnknownOption && !token.StartsWith('-'))
            {
                afterUnknownOption = false;
                continue;
            }

            afterUnknownOption = token.StartsWith('-');
            if (ReferenceEquals(command, Root))
            {
                lines.Add($"unknown command '{token}'{Suggest(token, Root.Subcommands.Select(c => c.Name))}");
                break;
            }
            else if (token.StartsWith('-'))
            {
                lines.Add($"unknown option '{token}' for '{command.Name}'{Suggest(token, command.Options.Where(o => !o.Hidden).Select(o => o.Name))}");
            }
            else
            {
                lines.Add($"'{command.Name}' takes no argument '{token}'");
            }
        }

        foreach (var parseError in ReferenceEquals(command, Root) ? [] : parsed.Errors)
        {
            if (parseError.SymbolResult is OptionResult option && option.Tokens.Count == 0 && option.Option is not Option<bool>)
            {
                lines.Add($"option {option.Option.Name} needs a value");
            }
            else if (!parsed.UnmatchedTokens.Any(t => parseError.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                lines.Add(parseError.Message);
            }
        }

        return lines.Count > 0 ? lines.Distinct().ToList() : ["the command line cannot be parsed"];
    }

    /// <summary>" (did you mean X?)" for the known name nearest a typo, or nothing when none is near.</summary>
    public static string Suggest(string typed, IEnumerable<string> known)
    {
        var best = known.Select(k => (Name: k, Distance: Distance(typed, k))).OrderBy(k => k.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, typed.Length / 3) ? $"; did you mean {best.Name}?" : string.Empty;
    }

    private static RootCommand Define()
    {
        var root = new RootCommand("HeatRelief self-host: runs HeatRelief's functions locally against Azure Storage or Azurite.");
        var run = RunCommand.Define();
        run.SetAction((parsed, ct) =>
        {
            var home = SelfHostSettings.FindRoot();
            return RunCommand.RunAsync(new CommandLine(parsed), home, SelfHostSettings.Build(home), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, ct);
        });
        var import = ImportCommand.Define();
        import.SetAction(async (parsed, ct) =>
        {
            var home = SelfHostSettings.FindRoot();
            using var host = SelfHostBuilder.Build(home, SelfHostSettings.Build(home), SelfHostBuilder.WarningsOnly);
            return await ImportCommand.RunAsync(new CommandLine(parsed), host.Services, parsed.InvocationConfiguration.Output, ct);
        });
        var lifecycle = new[] { "activate", "deactivate", "remove" }.Select(name =>
        {
            var command = DirectoryCommand.Define(name);
            command.SetAction(async (parsed, ct) =>
            {
                var home = SelfHostSettings.FindRoot();
                using var host = SelfHostBuilder.Build(home, SelfHostSettings.Build(home), SelfHostBuilder.WarningsOnly);
                return await DirectoryCommand.RunAsync(new CommandLine(parsed), host.Services, parsed.InvocationConfiguration.Output, ct);
            });
            return command;
        }).ToList();
        var evaluate = EvaluateCommand.Define();
        evaluate.SetAction((parsed, ct) => EvaluateCommand.RunAsync(new CommandLine(parsed), () => SelfHostSettings.Build(SelfHostSettings.FindRoot()), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, ct));
        var logs = LogsCommand.Define();
        logs.SetAction(async (parsed, ct) =>
        {
            // Warnings to stderr: stdout is the table or CSV, and may be redirected to a file.
            var home = SelfHostSettings.FindRoot();
            using var host = SelfHostBuilder.Build(home, SelfHostSettings.Build(home), l =>
            {
                SelfHostBuilder.WarningsOnly(l);
                l.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            });
            return await LogsCommand.RunAsync(new CommandLine(parsed), host.Services, parsed.InvocationConfiguration.Output, ct);
        });
        var token = TokenCommand.Define();
        token.SetAction(parsed => TokenCommand.Run(new CommandLine(parsed), SelfHostSettings.Build(SelfHostSettings.FindRoot()), parsed.InvocationConfiguration.Output, TimeProvider.System));
        var migrate = MigrateCommand.Define();
        migrate.SetAction(async (parsed, ct) =>
        {
            var home = SelfHostSettings.FindRoot();
            using var host = SelfHostBuilder.Build(home, SelfHostSettings.Build(home), SelfHostBuilder.WarningsOnly);
            return await MigrateCommand.RunAsync(host.Services, parsed.InvocationConfiguration.Output, ct);
        });
        var help = new Command("help", "Print the usage overview, or one command's help.")
        {
            new Argument<string>("COMMAND") { Arity = ArgumentArity.ZeroOrOne, Description = "the command to explain" },
        };
        help.SetAction(async (parsed, ct) =>
        {
            var name = parsed.GetValue<string>("COMMAND")!;
            if (!Root.Subcommands.Any(c => c.Name == name))
            {
                throw new UsageException($"unknown command '{name}'{Suggest(name, Root.Subcommands.Select(c => c.Name))}");
            }

            return await Root.Parse([name, "-h"]).InvokeAsync(parsed.InvocationConfiguration, ct);
        });

        root.Add(run);
        root.Add(import);
        lifecycle.ForEach(root.Add);
        root.Add(evaluate);
        root.Add(logs);
        root.Add(token);
        root.Add(migrate);
        root.Add(help);
        return root;
    }

    /// <summary><c>-h</c> on its own, or <c>help</c> with no command: the overview (each command's own -h is System.CommandLine's help).</summary>
    private static bool IsOverviewHelp(ParseResult parsed) =>
        (ReferenceEquals(parsed.CommandResult.Command, Root) && parsed.Action is HelpAction)
        || (parsed.CommandResult.Command.Name == "help" && parsed.Errors.Count == 0 && parsed.GetValue<string>("COMMAND") is null);

    private static int Check(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            return UsageError(DescribeErrors(parsed), error);
        }

        output.WriteLine(parsed.Action is HelpAction || StorageFree.Contains(parsed.CommandResult.Command.Name) ? "no-storage" : "storage");
        return 0;
    }

    private static int UsageError(IReadOnlyList<string> problems, TextWriter error)
    {
        foreach (var problem in problems)
        {
            error.WriteLine($"error: {problem}");
        }

        error.WriteLine(Usage);
        return 2;
    }

    /// <summary>Optimal string alignment distance (edits, including swapping two neighbours).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

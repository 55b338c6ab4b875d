using HeatRelief.Sites;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Weather;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace HeatRelief.SelfHost.Cli;

/// <summary>The self-host's command line: run, import, activate/deactivate/remove, evaluate, logs, token. Exit codes: 0 ok, 1 failed, 2 usage.</summary>
public static class SelfHostCli
{
    public const string Usage = """
        usage: ./run.sh [command] [options]
          run [--once] [--no-initial-check] [--drain-timeout SECONDS]
                                    run the functions (default); --once: one heat check, drain the queues, exit
          import DIR | [--sites F] [--recipients F] [--officers F]
                                    validate and upsert sites, recipients and officers from CSV
          evaluate --weather FILE [--sites FILE] [--date YYYY-MM-DD] [--json] [--lang en|zh]
                                    grade a recorded Open-Meteo forecast as it stands (no storage, no network)
          activate | deactivate | remove  site|recipient|officer ID
                                    deactivate a finished site (no checks, alerts or visits), recipient
                                    (no notifications) or officer (no offers); remove one (kept for its
                                    history, hidden from lists); activate brings either back. A recipient
                                    id used at two sites is given as SITE/ID
          logs [--date YYYY-MM-DD] [--kind K] [--site S] [--officer O] [--csv]
                                    one day of the audit log (today in Audit__TimeZone), newest first,
                                    as a table or as CSV
          token --officer NAME | --admin NAME [--hours N]
                                    print a development token for the local API: the X-MS-CLIENT-PRINCIPAL header
                                    value (NAME: the officer's login, or their id; valid 8 hours unless --hours)
        """;

    private static readonly HashSet<string> Flags = ["once", "no-initial-check", "json", "csv", "help"];

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
            return await RunAsync(args, output, cancel.Token).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            error.WriteLine(Usage);
            return 2;
        }
        catch (Exception ex) when (ex is ImportException or DirectoryException or WeatherDataException or OptionsValidationException or FileNotFoundException)
        {
            error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        var line = CommandLine.Parse(args, Flags);
        if (line.Flag("help") || line.Command is "help")
        {
            output.WriteLine(Usage);
            return 0;
        }

        switch (line.Command)
        {
            case "evaluate":
                return await EvaluateCommand.RunAsync(line, output, ct).ConfigureAwait(false);
            case "run":
            {
                var root = SelfHostSettings.FindRoot();
                return await RunCommand.RunAsync(line, root, SelfHostSettings.Build(root), output, ct).ConfigureAwait(false);
            }

            case "token":
                return TokenCommand.Run(line, SelfHostSettings.Build(SelfHostSettings.FindRoot()), output, TimeProvider.System);

            case "import":
            {
                var root = SelfHostSettings.FindRoot();
                using var host = SelfHostBuilder.Build(root, SelfHostSettings.Build(root), SelfHostBuilder.WarningsOnly);
                return await ImportCommand.RunAsync(line, host.Services, output, ct).ConfigureAwait(false);
            }

            case "activate" or "deactivate" or "remove":
            {
                var root = SelfHostSettings.FindRoot();
                using var host = SelfHostBuilder.Build(root, SelfHostSettings.Build(root), SelfHostBuilder.WarningsOnly);
                return await DirectoryCommand.RunAsync(line, host.Services, output, ct).ConfigureAwait(false);
            }

            case "logs":
            {
                // Warnings to stderr: stdout is the table or CSV, and may be redirected to a file.
                var root = SelfHostSettings.FindRoot();
                using var host = SelfHostBuilder.Build(root, SelfHostSettings.Build(root), l =>
                {
                    SelfHostBuilder.WarningsOnly(l);
                    l.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                });
                return await LogsCommand.RunAsync(line, host.Services, output, ct).ConfigureAwait(false);
            }

            default:
                throw new UsageException($"unknown command '{line.Command}'");
        }
    }
}

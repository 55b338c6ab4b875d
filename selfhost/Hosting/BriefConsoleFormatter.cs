using HeatRelief.SelfHost.Cli;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HeatRelief.SelfHost.Hosting;

/// <summary>
/// The default terminal format: one line per entry, "warn: message (cause)", with an exception cut to the
/// first line of its innermost message, never a stack trace (<c>--verbose</c> shows those).
/// </summary>
public sealed class BriefConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "heatrelief-brief";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        // Some hosts log an exception with no message (the formatter may return null).
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? string.Empty;
        if (message.Length == 0 && logEntry.Exception is null)
        {
            return;
        }

        var line = message.ReplaceLineEndings(" ");
        if (logEntry.Exception is { } error)
        {
            var cause = HeatCheckFailure.FirstLine(HeatCheckFailure.Cause(error));
            line = line.Length == 0 ? cause : $"{line} ({cause})";
        }

        textWriter.Write(Label(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.WriteLine(line);
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}

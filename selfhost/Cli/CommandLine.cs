using System.CommandLine;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// One parsed and validated command line (System.CommandLine's <see cref="ParseResult"/>), read by option name:
/// the commands read their options through this, so a test can hand a command exactly what the CLI would.
/// </summary>
public sealed class CommandLine(ParseResult result)
{
    public ParseResult Result => result;

    /// <summary>The command word: run, import, evaluate, logs, token or help.</summary>
    public string Command => result.CommandResult.Command.Name;

    /// <summary>Parses with the self-host's own command definitions; a command line that cannot be run throws <see cref="UsageException"/>.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var parsed = SelfHostCli.Parse(args);
        return parsed.Errors.Count == 0
            ? new CommandLine(parsed)
            : throw new UsageException(SelfHostCli.DescribeErrors(parsed)[0]);
    }

    /// <summary>Whether the flag <c>--name</c> was given.</summary>
    public bool Flag(string name) => result.GetValue<bool>("--" + name);

    /// <summary>The value of <c>--name</c>, or null when it was not given.</summary>
    public string? Value(string name) => result.GetValue<string>("--" + name);

    /// <summary>The typed (already validated) value of <c>--name</c>, or its default.</summary>
    public T? Value<T>(string name) => result.GetValue<T>("--" + name);

    /// <summary>The value of the positional argument <paramref name="name"/>, or null when it was not given.</summary>
    public string? Argument(string name) => result.GetValue<string>(name);
}

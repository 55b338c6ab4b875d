namespace HeatRelief.SelfHost.Cli;

/// <summary>A parsed command line: the command word, its --options and its plain arguments.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(string command)
    {
        Command = command;
    }

    public string Command { get; }

    public List<string> Arguments { get; } = [];

    /// <summary>Parses "command --flag --key value arg"; options listed in <paramref name="flags"/> take no value.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        var start = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? 1 : 0;
        var line = new CommandLine(start == 1 ? args[0] : "run");
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                line.Arguments.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                line._options[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (flags.Contains(arg[2..]))
            {
                line._options[arg[2..]] = null;
            }
            else if (i + 1 < args.Count)
            {
                line._options[arg[2..]] = args[++i];
            }
            else
            {
                throw new UsageException($"option {arg} needs a value");
            }
        }

        return line;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Value(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>Refuses options no command asked about, so a typo is not silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : string.Empty)} for '{Command}': {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}

/// <summary>A command line that cannot be run; printed with the usage text, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

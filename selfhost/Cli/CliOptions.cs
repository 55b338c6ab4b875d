using System.CommandLine;
using System.Globalization;

namespace HeatRelief.SelfHost.Cli;

/// <summary>Option kinds the commands share, each validating its value while the line is parsed (a bad value is a usage error, exit code 2).</summary>
public static class CliOptions
{
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<string> Text(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (string.IsNullOrWhiteSpace(text))
            {
                r.AddError($"{name} needs a value");
            }

            return text;
        },
    };

    public static Option<int> WholeNumber(string name, string helpName, int min, int max, int defaultValue, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            r.AddError($"{name} must be a whole number from {min} to {max} (got '{text}')");
            return defaultValue;
        },
    };

    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            r.AddError($"{name} '{text}' is not YYYY-MM-DD");
            return null;
        },
    };

    public static Option<DateTimeOffset?> Instant(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DDTHH:MM:SS+HH:MM",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                return instant;
            }

            r.AddError($"{name} '{text}' is not a time with its offset, e.g. 2023-06-22T09:00:00+08:00");
            return null;
        },
    };

    public static Option<string> Choice(string name, IReadOnlyList<string> choices, string defaultValue, string description) => new(name)
    {
        Description = description,
        HelpName = string.Join('|', choices),
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (choices.Contains(text, StringComparer.Ordinal))
            {
                return text;
            }

            r.AddError($"{name} must be one of {string.Join(", ", choices)} (got '{text}')");
            return defaultValue;
        },
    };
}

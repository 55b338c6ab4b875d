using System.Globalization;

namespace HeatRelief.Bench;

/// <summary>What one benchmark run does: how many sites and recipients, and how it reports.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        usage: ./bench.sh [--sites N] [--recipients-per-site M] [--weather-sites N] [--timeout SECONDS] [--json]
          --sites N                 sites to generate and raise (default 1000)
          --recipients-per-site M   webhook recipients per site (default 100)
          --weather-sites N         sites in the separate heat-check weather measurement (default 10000)
          --timeout SECONDS         give up waiting for the pipeline after this long (default 3600)
          --json                    write the figures to standard output as one JSON object (progress goes to standard error)
        """;

    public int Sites { get; init; } = 1000;

    public int RecipientsPerSite { get; init; } = 100;

    public int WeatherSites { get; init; } = 10_000;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(1);

    public bool Json { get; init; }

    public long Notifications => (long)Sites * RecipientsPerSite;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--sites" => options with { Sites = Positive(args, ++i, 1_000_000) },
                "--recipients-per-site" => options with { RecipientsPerSite = Positive(args, ++i, 100_000) },
                "--weather-sites" => options with { WeatherSites = Positive(args, ++i, 1_000_000) },
                "--timeout" => options with { Timeout = TimeSpan.FromSeconds(Positive(args, ++i, 86_400)) },
                "--json" => options with { Json = true },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
        }

        return options;
    }

    private static int Positive(IReadOnlyList<string> args, int i, int max) =>
        i < args.Count && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a whole number from 1 to {max}");
}

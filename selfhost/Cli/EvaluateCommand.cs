using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Weather;
using Microsoft.Extensions.Options;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>evaluate --weather FILE [--sites FILE] [--date YYYY-MM-DD] [--json] [--lang zh|en]</c>: grade a
/// recorded forecast as it stands, with no storage or network.
/// </summary>
public static class EvaluateCommand
{
    public static Command Define() => new("evaluate", "Grade a recorded Open-Meteo forecast as it stands (no storage, no network).")
    {
        CliOptions.Text("--weather", "FILE", "the recorded Open-Meteo response (required)"),
        CliOptions.Text("--sites", "FILE", "a sites.csv whose rows match the recording's locations, to name the rows by site"),
        CliOptions.Date("--date", "the local day to grade (default: the recording's first)"),
        CliOptions.Flag("--json", "print JSON instead of a table"),
        CliOptions.Choice("--lang", ["en", "zh"], "en", "language of the advice"),
    };

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken ct)
    {
        var weatherPath = line.Value("weather") ?? throw new UsageException("evaluate needs --weather FILE");
        var sitesPath = line.Value("sites");
        var date = line.Value<DateOnly?>("date");
        var json = line.Flag("json");
        var language = line.Value("lang") ?? "en";
        if (!AdviceText.Languages.Contains(language))
        {
            throw new UsageException($"--lang must be one of {string.Join(", ", AdviceText.Languages)}");
        }

        if (!File.Exists(weatherPath))
        {
            throw new UsageException($"weather file '{weatherPath}' not found");
        }

        var forecasts = OpenMeteoParser.Parse(await File.ReadAllTextAsync(weatherPath, ct), weatherPath);
        IReadOnlyList<Site>? sites = null;
        if (sitesPath is not null)
        {
            if (!File.Exists(sitesPath))
            {
                throw new UsageException($"sites file '{sitesPath}' not found");
            }

            sites = CsvImporter.ParseSites(sitesPath, await File.ReadAllTextAsync(sitesPath, ct));
        }

        var evaluator = new ForecastEvaluator(new HeatGrader(Options.Create(new HeatRulesOptions())));
        var rows = evaluator.Evaluate(forecasts, sites, date, language);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(rows.Select(ToJson), new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        }

        output.WriteLine($"{"site",-12} {"date",-10} {"level",-6} {"signal",-6} {"max C",6} {"HI C",6} {"HI band",-8} {"hottest",-11} advice");
        foreach (var r in rows)
        {
            var g = r.Grade;
            var window = g.HottestWindow is { } w ? $"{w.StartText}-{w.EndText}" : "unknown";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.SiteId,-12} {g.Date:yyyy-MM-dd} {g.Level.ToWire(),-6} {g.Signal.ToWire(),-6} {g.MaxTemperatureC,6:0.0} {g.MaxHeatIndexC,6:0.0} {g.HeatIndexBand.ToWire(),-8} {window,-11} {r.Advice}"));
        }

        return 0;
    }

    private static object ToJson(ForecastEvaluation r) => new Dictionary<string, object?>
    {
        ["siteId"] = r.SiteId,
        ["date"] = r.Grade.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["level"] = r.Grade.Level.ToWire(),
        ["signal"] = r.Grade.Signal.ToWire(),
        ["maxTemperatureC"] = r.Grade.MaxTemperatureC,
        ["maxHeatIndexC"] = double.IsNaN(r.Grade.MaxHeatIndexC) ? null : r.Grade.MaxHeatIndexC,
        ["heatIndexBand"] = r.Grade.HeatIndexBand.ToWire(),
        ["hottestWindow"] = r.Grade.HottestWindow is { } w ? new { start = w.StartText, end = w.EndText } : null,
        ["hottestWindowUnknown"] = !r.Grade.HottestWindowKnown,
        ["fallbackWindow"] = r.Grade.FallbackWindow is { } f ? new { start = f.StartText, end = f.EndText } : null,
        ["advice"] = r.Advice,
    };
}

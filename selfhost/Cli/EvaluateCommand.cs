using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;
using HeatRelief.Weather;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>evaluate --weather FILE [--sites FILE] [--warnings PATH [--as-of TIME]] [--date YYYY-MM-DD] [--json] [--lang zh|en]</c>:
/// grade a recorded forecast as it stands, merged with recorded official warnings, with no storage or network.
/// </summary>
public static class EvaluateCommand
{
    public static Command Define() => new("evaluate", "Grade a recorded Open-Meteo forecast as it stands (no storage, no network), merged with recorded CAP warnings when given.")
    {
        CliOptions.Text("--weather", "FILE", "the recorded Open-Meteo response (required)"),
        CliOptions.Text("--sites", "FILE", "a sites.csv whose rows match the recording's locations, to name the rows by site"),
        CliOptions.Text("--warnings", "PATH", "a CAP 1.2 file or a folder of them: a row's level is the higher of the forecast's and the heat warnings in force there that day (by polygon or circle; sites have no admin code yet, so geocodes match nothing)"),
        CliOptions.Instant("--as-of", "count only the warning messages sent by then (default: the end of the graded day in Audit__TimeZone, so an update or cancel sent that day counts)"),
        CliOptions.Date("--date", "the local day to grade (default: the recording's first)"),
        CliOptions.Flag("--json", "print JSON instead of a table"),
        CliOptions.Choice("--lang", ["en", "zh"], "en", "language of the advice"),
    };

    /// <param name="settings">The configuration, read only when warnings are given (Audit__TimeZone, Warnings__HeatEvents, Warnings__MaxDocumentBytes).</param>
    public static async Task<int> RunAsync(CommandLine line, Func<IConfiguration> settings, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var weatherPath = line.Value("weather") ?? throw new UsageException("evaluate needs --weather FILE");
        var sitesPath = line.Value("sites");
        var warningsPath = line.Value("warnings");
        var asOf = line.Value<DateTimeOffset?>("as-of");
        var date = line.Value<DateOnly?>("date");
        var json = line.Flag("json");
        var language = line.Value("lang") ?? "en";
        if (!AdviceText.Languages.Contains(language))
        {
            throw new UsageException($"--lang must be one of {string.Join(", ", AdviceText.Languages)}");
        }

        if (asOf is not null && warningsPath is null)
        {
            throw new UsageException("--as-of needs --warnings PATH");
        }

        if (!File.Exists(weatherPath))
        {
            throw new UsageException($"weather file '{weatherPath}' not found");
        }

        if (warningsPath is not null && !File.Exists(warningsPath) && !Directory.Exists(warningsPath))
        {
            throw new UsageException($"warnings '{warningsPath}' not found (a CAP file or a folder of them)");
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

        var rules = new HeatRulesOptions();
        var evaluator = new ForecastEvaluator(new HeatGrader(Options.Create(rules)));
        var rows = evaluator.Evaluate(forecasts, sites, date, language);
        var book = warningsPath is null ? null : ReadWarnings(warningsPath, settings(), error);
        var merged = rows.Select(r => book is null
            ? WarningMerge.Merge(r.Grade.Level, [])
            : WarningMerge.Merge(r.Grade.Level, book.Value.Book.InForce(r.Latitude, r.Longitude, r.AdminCode, r.Grade.Date, asOf ?? EndOfDay(r.Grade.Date, book.Value.Zone)))).ToList();

        // A level an official warning raised gets that level's advice, citing the warning, never the forecast's weaker one.
        var advice = rows.Select((r, i) => WarningAdvice.For(merged[i], r.Grade, r.Advice, language, rules.MaxOutdoorHoursWhenLimited)).ToList();
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(rows.Select((r, i) => ToJson(r, merged[i], advice[i], language)), new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        }

        output.WriteLine($"{"site",-12} {"date",-10} {"level",-6} {"fcst",-6} {"signal",-6} {"max C",6} {"HI C",6} {"HI band",-8} {"hottest",-11} advice");
        for (var i = 0; i < rows.Count; i++)
        {
            var (r, m) = (rows[i], merged[i]);
            var g = r.Grade;
            var window = g.HottestWindow is { } w ? $"{w.StartText}-{w.EndText}" : "unknown";
            var warning = m.Warning is { } official ? $" | {(language == "zh" ? "预警" : "warning")}: {official.InfoIn(language).Headline} ({official.Document.Identifier})" : string.Empty;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.SiteId,-12} {g.Date:yyyy-MM-dd} {m.Level.ToWire(),-6} {g.Level.ToWire(),-6} {g.Signal.ToWire(),-6} {g.MaxTemperatureC,6:0.0} {g.MaxHeatIndexC,6:0.0} {g.HeatIndexBand.ToWire(),-8} {window,-11} {advice[i]}{warning}"));
        }

        return 0;
    }

    /// <summary>Reads a CAP file or folder: each bad file is one line on <paramref name="error"/>, the others still count.</summary>
    private static (WarningBook Book, TimeZoneInfo Zone)? ReadWarnings(string path, IConfiguration settings, TextWriter error)
    {
        var warningsOptions = settings.GetSection(WarningsOptions.SectionName).Get<WarningsOptions>() ?? new WarningsOptions();
        var zoneId = settings.GetSection(AuditOptions.SectionName).Get<AuditOptions>()?.TimeZone ?? new AuditOptions().TimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new UsageException($"setting Audit__TimeZone: '{zoneId}' is not a known time zone id");
        }

        if (warningsOptions.HeatEventNames().Count == 0)
        {
            throw new UsageException("setting Warnings__HeatEvents: must name at least one heat event, e.g. 高温;Heat");
        }

        var parser = new CapParser(warningsOptions.MaxDocumentBytes);
        IReadOnlyList<CapDocument> documents;
        IReadOnlyList<CapParseResult> rejected;
        if (Directory.Exists(path))
        {
            var read = new WarningFolder(parser).Read(path);
            (documents, rejected) = (read.Documents, read.Rejected);
        }
        else
        {
            var one = parser.ParseFile(path);
            documents = one.Document is { } document ? [document] : [];
            rejected = one.Document is null ? [one] : [];
        }

        foreach (var bad in rejected)
        {
            error.WriteLine($"warning file '{bad.Source}' rejected: {bad.Problem}");
        }

        var book = new WarningBook(documents, new HeatClassifier(warningsOptions), zone);
        foreach (var note in book.Notes)
        {
            error.WriteLine($"warnings: {note}");
        }

        return (book, zone);
    }

    /// <summary>The last moment of a local day: what had been sent by then is what the day saw.</summary>
    private static DateTimeOffset EndOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var next = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(next, zone.GetUtcOffset(next)).AddTicks(-1);
    }

    private static object ToJson(ForecastEvaluation r, MergedLevel m, string advice, string language) => new Dictionary<string, object?>
    {
        ["siteId"] = r.SiteId,
        ["date"] = r.Grade.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["level"] = m.Level.ToWire(),
        ["forecastLevel"] = m.ForecastLevel.ToWire(),
        ["levelDecidedBy"] = m.DecidedBy.ToWire(),
        ["officialWarning"] = m.Warning is { } w ? new Dictionary<string, object?>
        {
            ["identifier"] = w.Document.Identifier,
            ["level"] = w.Level.ToWire(),
            ["senderName"] = w.InfoIn(language).SenderName,
            ["headline"] = w.InfoIn(language).Headline,
            ["expires"] = w.Info.Expires?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        }
        : null,
        ["signal"] = r.Grade.Signal.ToWire(),
        ["maxTemperatureC"] = r.Grade.MaxTemperatureC,
        ["maxHeatIndexC"] = double.IsNaN(r.Grade.MaxHeatIndexC) ? null : r.Grade.MaxHeatIndexC,
        ["heatIndexBand"] = r.Grade.HeatIndexBand.ToWire(),
        ["hottestWindow"] = r.Grade.HottestWindow is { } hw ? new { start = hw.StartText, end = hw.EndText } : null,
        ["hottestWindowUnknown"] = !r.Grade.HottestWindowKnown,
        ["fallbackWindow"] = r.Grade.FallbackWindow is { } f ? new { start = f.StartText, end = f.EndText } : null,
        ["advice"] = advice,
    };
}

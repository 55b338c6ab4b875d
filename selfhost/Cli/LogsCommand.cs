using System.CommandLine;
using System.Globalization;
using HeatRelief.Audit;
using HeatRelief.Review;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>logs [--date YYYY-MM-DD] [--kind K] [--site S] [--officer O] [--csv]</c>: one local day of the audit
/// log (today by default), newest first, as a table or as CSV.
/// </summary>
public static class LogsCommand
{
    public static Command Define() => new("logs", "One day of the audit log (today in Audit__TimeZone), newest first, as a table or as CSV.")
    {
        CliOptions.Date("--date", "the local day (default: today)"),
        CliOptions.Text("--kind", "K", "only records of this kind (alert.raised) or family (warning.*)"),
        CliOptions.Text("--site", "S", "only records about this site"),
        CliOptions.Text("--officer", "O", "only records about this officer"),
        CliOptions.Flag("--csv", "print CSV instead of a table"),
    };

    public static async Task<int> RunAsync(CommandLine line, IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var date = line.Value<DateOnly?>("date");
        var filter = new AuditFilter(Kind: line.Value("kind"), SiteId: line.Value("site"), OfficerId: line.Value("officer"), PageSize: AuditQuery.MaxPageSize);
        var csv = line.Flag("csv");

        var query = services.GetRequiredService<AuditQuery>();
        var day = date ?? query.Today();
        filter = filter with { From = day, To = day };
        if (csv)
        {
            await services.GetRequiredService<AuditCsv>().WriteAsync(filter, output, byteOrderMark: true, ct);
            return 0;
        }

        var zone = services.GetRequiredService<AuditLog>().Zone;
        var localTime = services.GetRequiredService<LocalTimeText>();
        output.WriteLine($"{"time",-27}  {"kind",-24}  {"site",-12}  {"officer",-10}  message");
        var count = 0;
        await foreach (var page in query.PagesAsync(filter, ct))
        {
            foreach (var r in page.Records)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{localTime.DateTimeSeconds(r.Time, "en"),-27}  {Fit(r.Kind, 24)}  {Fit(r.SiteId, 12)}  {Fit(r.OfficerId, 10)}  {OneLine(r.Message)}"));
            }

            count += page.Records.Count;
        }

        output.WriteLine(count == 0
            ? $"No audit records for {day:yyyy-MM-dd} that match."
            : $"{count} record{(count == 1 ? string.Empty : "s")} for {day:yyyy-MM-dd} (times in {zone.Id}).");
        return 0;
    }

    /// <summary>Pads or cuts a cell to its column, so the message column stays aligned.</summary>
    private static string Fit(string? text, int width)
    {
        var value = string.IsNullOrEmpty(text) ? "-" : OneLine(text);
        return value.Length <= width ? value.PadRight(width) : value[..(width - 1)] + "…";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

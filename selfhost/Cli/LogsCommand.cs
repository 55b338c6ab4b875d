using System.CommandLine;
using System.Globalization;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.Review;
using HeatRelief.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>logs [--date YYYY-MM-DD] [--kind K] [--site S] [--officer O] [--csv]</c>: one local day of the audit
/// log (today by default), newest first, as a table or as CSV. <c>logs --recipient R [--date D]</c>: who got what,
/// every alert recipient R was sent (of day D only, when given), with channel, time and status.
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
        CliOptions.Text("--recipient", "R", "who got what: every alert recipient R (an id) was sent, with channel, time and status"),
    };

    public static async Task<int> RunAsync(CommandLine line, IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var date = line.Value<DateOnly?>("date");
        if (line.Value("recipient") is { } recipient)
        {
            return await RecipientAsync(line, recipient, date, services, output, ct);
        }

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

    /// <summary>
    /// A recipient's deliveries, newest first. Contact details never reach the terminal: the name and address are not
    /// printed, and a channel's reason is masked as the audit trail masks it.
    /// </summary>
    private static async Task<int> RecipientAsync(CommandLine line, string recipientId, DateOnly? date, IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        if (new[] { "kind", "site", "officer" }.FirstOrDefault(o => line.Value(o) is not null) is { } other)
        {
            throw new UsageException($"--recipient cannot be combined with --{other}");
        }

        if (line.Flag("csv"))
        {
            throw new UsageException("--recipient cannot be combined with --csv");
        }

        var found = await services.GetRequiredService<RecipientDeliveries>().ByIdAsync(recipientId, ct);
        if (found.Count == 0)
        {
            throw new DirectoryException($"no recipient '{recipientId}' (ids are as in recipients.csv)");
        }

        var zone = services.GetRequiredService<AuditLog>().Zone;
        var localTime = services.GetRequiredService<LocalTimeText>();
        var dayKey = date?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        output.WriteLine($"{"time",-27}  {"site",-12}  {"alert",-28}  {"level",-7}  {"channel",-8}  {"status",-10}  reason");
        var count = 0;
        foreach (var history in found)
        {
            foreach (var d in history.Deliveries.Where(d => dayKey is null || d.AlertId.Contains($"_{dayKey}_", StringComparison.Ordinal)))
            {
                var when = d.At is { } at ? localTime.DateTimeSeconds(at, "en") : "-";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{when,-27}  {Fit(history.Recipient.SiteId, 12)}  {Fit(d.AlertId, 28)}  {Fit(d.Level, 7)}  {Fit(d.Channel, 8)}  {Fit(d.Status.ToString().ToLowerInvariant(), 10)}  {(d.Reason is { } reason ? OneLine(Masking.MaskText(reason)) : "-")}"));
                count++;
            }
        }

        var of = date is { } day ? $" of {day:yyyy-MM-dd}" : string.Empty;
        output.WriteLine(count == 0
            ? $"No alerts{of} were sent to recipient {recipientId}."
            : $"{count} alert{(count == 1 ? string.Empty : "s")}{of} sent to recipient {recipientId} (times in {zone.Id}).");
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

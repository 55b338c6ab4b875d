using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using HeatRelief.Audit;
using HeatRelief.Storage;

namespace HeatRelief.Review;

/// <summary>
/// Reads the audit trail newest first, one local day at a time from the last day back to the first; a day's
/// partitions (its buckets and the bare day of older rows, <see cref="AuditLog.PartitionsOf"/>) are queried together
/// and merged by row key. Kind, site and officer are filtered by the table service; the message text here.
/// </summary>
public sealed partial class AuditQuery(StorageClients clients, AuditLog log, TimeProvider time)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    public const int MaxDays = 31;

    /// <summary>
    /// Rows read for one page before it is returned as it stands: a rare text over a month of records must
    /// not hold one request for minutes. Such a page can be short, or empty, and still have a next token.
    /// </summary>
    public const int MaxRowsScannedPerPage = 20_000;

    private const string TokenVersion = "a1";

    /// <summary>Today in the audit time zone: the day a query without dates reads.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), log.Zone).DateTime);

    /// <summary>One page of the records that match; pass its token back in the same filter for the next.</summary>
    /// <exception cref="ReviewValidationException">Bad dates, page size or continuation token.</exception>
    public async Task<AuditPage> QueryAsync(AuditFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (from, start) = Range(filter);
        var pageSize = PageSize(filter.PageSize);
        var table = await clients.TableAsync(TableNames.AuditLog, ct);
        var records = new List<AuditEntry>(Math.Min(pageSize, 128));
        var position = start;
        var scanned = 0;
        for (var day = start.Day; day >= from; day = day.AddDays(-1))
        {
            var after = day == start.Day ? start.AfterRowKey : null;
            var filters = AuditLog.PartitionsOf(day).Select(partition => ServerFilter(partition, after, filter)).ToList();
            string? previous = null;
            await foreach (var e in table.MergedByRowKeyAsync(filters, Math.Min(pageSize + 1, MaxPageSize), ct))
            {
                // A record written once before the buckets and again after (a decision re-recorded across the upgrade)
                // has a twin in the bare day partition with the same row key; the merge puts them side by side.
                if (e.RowKey == previous)
                {
                    continue;
                }

                previous = e.RowKey;
                if (Matches(e, filter.Text))
                {
                    if (records.Count == pageSize)
                    {
                        // One more match exists, so the page is full and not the last.
                        return new AuditPage(records, Encode(from, position));
                    }

                    records.Add(ToEntry(e));
                }

                position = new Position(day, e.RowKey);
                if (++scanned >= MaxRowsScannedPerPage)
                {
                    return new AuditPage(records, Encode(from, position));
                }
            }
        }

        return new AuditPage(records, null);
    }

    /// <summary>Every matching record, page by page, for exports; the filter's own token and page size are a starting point.</summary>
    public async IAsyncEnumerable<AuditPage> PagesAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        var next = filter;
        while (true)
        {
            var page = await QueryAsync(next, ct);
            yield return page;
            if (page.ContinuationToken is null)
            {
                yield break;
            }

            next = next with { ContinuationToken = page.ContinuationToken };
        }
    }

    private (DateOnly From, Position Start) Range(AuditFilter filter)
    {
        if (filter.ContinuationToken is { Length: > 0 } token)
        {
            // The token carries the rest of the range, so a query without dates goes on across midnight.
            return Decode(token);
        }

        var to = filter.To ?? Today();
        var from = filter.From ?? to;
        Validate(from, to);
        return (from, new Position(to, null));
    }

    private static void Validate(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ReviewValidationException("to", $"'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd}).");
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new ReviewValidationException("from", $"at most {MaxDays} days at a time; {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is {to.DayNumber - from.DayNumber + 1}.");
        }
    }

    private static int PageSize(int? requested) => requested switch
    {
        null => DefaultPageSize,
        >= 1 and <= MaxPageSize => requested.Value,
        _ => throw new ReviewValidationException("pageSize", $"page size must be 1 to {MaxPageSize}."),
    };

    /// <summary>One of the day's partitions, after the last row read, with every equality filter escaped by the SDK.</summary>
    private static string ServerFilter(string partition, string? afterRowKey, AuditFilter filter)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {partition}") };
        if (afterRowKey is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"RowKey gt {afterRowKey}"));
        }

        if (!string.IsNullOrEmpty(filter.Kind) && filter.Kind.EndsWith('*'))
        {
            // A family of kinds: "warning.*" (or "warning*") is every kind starting "warning.", a range of the sorted
            // column; "visit.*" also finds the rows written as assignment.X before the rename.
            var prefixes = FormerAuditKinds.Matching(filter.Kind.TrimEnd('*'));
            parts.Add("(" + string.Join(" or ", prefixes.Select(p => p.Length == 0
                ? "Kind ge ''"
                : TableClient.CreateQueryFilter($"Kind ge {p} and Kind lt {p[..^1] + (char)(p[^1] + 1)}"))) + ")");
        }
        else if (!string.IsNullOrEmpty(filter.Kind))
        {
            // Rows written before the rename keep their kind (assignment.X); a filter for visit.X finds them too.
            var kinds = FormerAuditKinds.Matching(filter.Kind);
            parts.Add(kinds.Count == 1
                ? TableClient.CreateQueryFilter($"Kind eq {filter.Kind}")
                : "(" + string.Join(" or ", kinds.Select(k => TableClient.CreateQueryFilter($"Kind eq {k}"))) + ")");
        }

        if (!string.IsNullOrEmpty(filter.SiteId))
        {
            parts.Add(TableClient.CreateQueryFilter($"SiteId eq {filter.SiteId}"));
        }

        if (!string.IsNullOrEmpty(filter.OfficerId))
        {
            parts.Add(TableClient.CreateQueryFilter($"OfficerId eq {filter.OfficerId}"));
        }

        return string.Join(" and ", parts);
    }

    private static bool Matches(TableEntity e, string? text) =>
        string.IsNullOrEmpty(text) || (e.GetString("Message")?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Masks again on the way out: rows written by older versions or by hand must not show a phone number either.</summary>
    private static AuditEntry ToEntry(TableEntity e) => new(
        (e.GetDateTimeOffset("Time") ?? e.Timestamp ?? DateTimeOffset.MinValue).ToUniversalTime(),
        FormerAuditKinds.Current(e.GetString("Kind") ?? string.Empty),
        e.GetString("SiteId"),
        e.GetString("OfficerId"),
        e.GetString("AlertId"),
        e.GetString("VisitId") ?? e.GetString(FormerAuditKinds.FormerVisitIdColumn),
        e.GetString("Actor") ?? "system",
        e.GetString("CorrelationId"),
        Masking.MaskText(e.GetString("Message") ?? string.Empty),
        e.GetString("Details") is { } details ? Masking.MaskText(details) : null);

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Opaque to callers: version, first day of the range, the day reached and the last row key read there.</summary>
    private static string Encode(DateOnly from, Position position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{TokenVersion}|{Key(from)}|{Key(position.Day)}|{position.AfterRowKey}"));

    private static (DateOnly From, Position Start) Decode(string token)
    {
        var invalid = new ReviewValidationException("continuationToken", "the continuation token is not one this service issued; start again without it.");
        if (token.Length > 200 || !Base64Url.IsValid(token))
        {
            throw invalid;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('|');
        if (parts.Length != 4 || parts[0] != TokenVersion
            || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(parts[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !AuditRowKey().IsMatch(parts[3])
            || day < from || day.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw invalid;
        }

        return (from, new Position(day, parts[3]));
    }

    /// <summary>The shape of <see cref="AuditLog.RowKeyOf"/>.</summary>
    [GeneratedRegex("^[0-9]{19}-[0-9]{3}-[0-9a-f]{32}$")]
    private static partial Regex AuditRowKey();

    /// <summary>Where reading resumes: rows of <see cref="Day"/> after <see cref="AfterRowKey"/> (all of them when null), then earlier days.</summary>
    private readonly record struct Position(DateOnly Day, string? AfterRowKey);
}

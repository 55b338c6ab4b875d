using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeatRelief.Storage;

namespace HeatRelief.Review;

/// <summary>
/// Writes audit records as CSV (RFC 4180: CRLF rows, a header, quoted fields where needed), one query page
/// at a time and flushed after each, so an export of a month never sits in memory. Cells a spreadsheet
/// would run as a formula get a leading apostrophe.
/// </summary>
public sealed class AuditCsv(AuditQuery query)
{
    public static readonly IReadOnlyList<string> Header =
        ["time_utc", "kind", "site_id", "officer_id", "alert_id", "visit_id", "actor", "correlation_id", "message", "details"];

    /// <summary>UTF-8 with a byte order mark, so spreadsheet programs do not read Chinese text as the local code page.</summary>
    public async Task<int> WriteAsync(AuditFilter filter, Stream stream, CancellationToken ct)
    {
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer)
        {
            return await WriteAsync(filter, writer, ct);
        }
    }

    /// <summary>Writes the header and every matching record (newest first); returns how many records were written.</summary>
    /// <exception cref="ReviewValidationException">Bad dates, page size or continuation token.</exception>
    public Task<int> WriteAsync(AuditFilter filter, TextWriter writer, CancellationToken ct) => WriteAsync(filter, writer, byteOrderMark: false, ct);

    /// <summary>
    /// As above; with <paramref name="byteOrderMark"/> a U+FEFF goes before the header (for a writer whose encoding
    /// writes no preamble, such as the console), so spreadsheet programs read the text as UTF-8.
    /// </summary>
    public async Task<int> WriteAsync(AuditFilter filter, TextWriter writer, bool byteOrderMark, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(writer);
        var count = 0;
        var header = true;
        await foreach (var page in query.PagesAsync(filter with { PageSize = filter.PageSize ?? AuditQuery.MaxPageSize }, ct))
        {
            // The header after the first page is read, so a bad filter fails before anything is written.
            if (header)
            {
                await writer.WriteAsync((byteOrderMark ? "\uFEFF" : string.Empty) + Row(Header));
                header = false;
            }

            foreach (var r in page.Records)
            {
                await writer.WriteAsync(Row([
                    r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    r.Kind, r.SiteId, r.OfficerId, r.AlertId, r.VisitId, r.Actor, r.CorrelationId, r.Message, Readable(r.Details),
                ]));
            }

            count += page.Records.Count;
            await writer.FlushAsync(ct);
        }

        return count;
    }

    /// <summary>
    /// Details as a person reads them: records written before details kept Chinese as it is hold <c>\u8F66</c>
    /// escapes, which are written out as the characters. Details that are not JSON (clipped) stay as stored.
    /// </summary>
    public static string? Readable(string? details)
    {
        if (details is null || !details.Contains("\\u", StringComparison.Ordinal))
        {
            return details;
        }

        try
        {
            return JsonNode.Parse(details)?.ToJsonString(MessageJson.Readable) ?? details;
        }
        catch (JsonException)
        {
            return details;
        }
    }

    /// <summary>One CSV line, CRLF-terminated.</summary>
    public static string Row(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    /// <summary>A field neutralised against formula injection, then quoted if it holds a quote, comma or line break.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny("\",\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}

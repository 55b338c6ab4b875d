using System.Globalization;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace HeatRelief.Warnings;

/// <summary>
/// <c>Warnings__Source=cap-feed</c>: the Atom or RSS feed at <c>Warnings__FeedUrl</c>, read at each heat check, and the
/// CAP documents its entries link (the first <c>Warnings__MaxFeedEntries</c>, a few at a time). A feed that cannot be
/// fetched or read fails the source, naming its address; an entry whose document cannot be fetched or parsed is
/// rejected naming the document's address, and the others count. Addresses are named without their query or user
/// (<see cref="UrlText"/>), which may hold a key. A document is fetched again only when its entry's
/// updated stamp changes. Retries and timeouts come from the resilience handler of the named client.
/// </summary>
public sealed partial class CapFeedWarningSource(
    IHttpClientFactory httpClients,
    IOptions<WarningsOptions> options,
    CapParser parser,
    ILogger<CapFeedWarningSource> logger) : IWarningSource
{
    public const string HttpClientName = "cap-feed";

    /// <summary>Documents fetched at once: enough to read a feed of hundreds quickly, few enough to be polite to its server.</summary>
    public const int Parallelism = 4;

    // The last poll's parsed documents by address, with their entry's stamp; replaced as a whole after each poll.
    private Dictionary<string, (string Updated, CapParseResult Result)> _cache = new(StringComparer.Ordinal);

    public string Name => WarningsOptions.CapFeedSource;

    public async Task<WarningFetch> FetchAsync(IReadOnlyList<Site> sites, CancellationToken ct)
    {
        var settings = options.Value;
        var feedUrl = new Uri(settings.FeedUrl!.Trim());
        var client = httpClients.CreateClient(HttpClientName);
        var feed = await ReadFeedAsync(client, feedUrl, settings.MaxResponseBytes, ct);
        var entries = CapFeedReader.Read(feed, feedUrl);
        var read = entries.Take(settings.MaxFeedEntries).ToList();

        var cache = Volatile.Read(ref _cache);
        var next = new Dictionary<string, (string Updated, CapParseResult Result)>(StringComparer.Ordinal);
        var results = new CapParseResult?[read.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fetches = new List<Task>();
        var reused = 0;
        using var gate = new SemaphoreSlim(Parallelism);
        for (var i = 0; i < read.Count; i++)
        {
            var entry = read[i];
            if (entry.Link is not { } link)
            {
                results[i] = CapParseResult.Rejected(entry.Name, entry.Problem ?? "no link to a CAP document");
                continue;
            }

            if (!seen.Add(link.AbsoluteUri))
            {
                // Two entries linking one document: it is one message, read once.
                continue;
            }

            if (entry.Updated is { } updated && cache.TryGetValue(link.AbsoluteUri, out var cached) && cached.Updated == updated)
            {
                results[i] = cached.Result;
                next[link.AbsoluteUri] = cached;
                reused++;
                continue;
            }

            var index = i;
            fetches.Add(Task.Run(
                async () =>
                {
                    await gate.WaitAsync(ct);
                    try
                    {
                        var (result, cacheable) = await ReadDocumentAsync(client, link, ct);
                        results[index] = result;
                        if (cacheable && entry.Updated is { } stamp)
                        {
                            lock (next)
                            {
                                next[link.AbsoluteUri] = (stamp, result);
                            }
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                },
                ct));
        }

        await Task.WhenAll(fetches);
        Volatile.Write(ref _cache, next);

        var all = results.Where(r => r is not null).Select(r => r!).ToList();
        if (entries.Count > read.Count)
        {
            all.Add(CapParseResult.Rejected(UrlText.Shown(feedUrl), string.Create(CultureInfo.InvariantCulture,
                $"the feed has {entries.Count} entries; only the first {read.Count} were read (Warnings__MaxFeedEntries)")));
        }

        LogFeedRead(logger, entries.Count, fetches.Count, reused);
        return new WarningFetch(
            [.. all.Where(r => r.Document is not null).Select(r => r.Document!)],
            [.. all.Where(r => r.Document is null)]);
    }

    /// <summary>The feed's bytes; any failure to get them fails the whole source, naming the feed.</summary>
    private static async Task<byte[]> ReadFeedAsync(HttpClient client, Uri feedUrl, int maxBytes, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(feedUrl, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new WarningSourceException($"CAP feed {UrlText.Shown(feedUrl)} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            var bytes = await BoundedContent.ReadAsync(response.Content, maxBytes + 1, ct);
            return bytes.Length <= maxBytes
                ? bytes
                : throw new WarningSourceException(string.Create(CultureInfo.InvariantCulture, $"CAP feed {UrlText.Shown(feedUrl)} is larger than {maxBytes:N0} bytes (Warnings__MaxResponseBytes): refused"));
        }
        catch (Exception ex) when (IsTransportFailure(ex, ct))
        {
            throw new WarningSourceException($"CAP feed {UrlText.Shown(feedUrl)} could not be read: {BoundedContent.OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>One linked document, parsed; a failure is that entry's rejection. Only an answer that arrived may be kept for the next poll.</summary>
    private async Task<(CapParseResult Result, bool Cacheable)> ReadDocumentAsync(HttpClient client, Uri link, CancellationToken ct)
    {
        var source = UrlText.Shown(link);
        try
        {
            using var response = await client.GetAsync(link, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                return (CapParseResult.Rejected(source, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd()), false);
            }

            // One byte more than the parser accepts, so it can tell a document that is too long.
            var bytes = await BoundedContent.ReadAsync(response.Content, parser.MaxBytes + 1, ct);
            return (parser.Parse(new MemoryStream(bytes), source), true);
        }
        catch (Exception ex) when (IsTransportFailure(ex, ct))
        {
            return (CapParseResult.Rejected(source, $"could not be fetched: {BoundedContent.OneLine(ex.Message)}"), false);
        }
    }

    /// <summary>No connection, a refused or broken answer, or an attempt that ran out of time; not the caller's cancellation.</summary>
    internal static bool IsTransportFailure(Exception ex, CancellationToken ct) =>
        ex is HttpRequestException or TimeoutRejectedException or IOException
        || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    [LoggerMessage(EventId = 2101, EventName = "WarningFeedRead", Level = LogLevel.Information, Message = "Read the CAP feed: {Entries} entries, {Fetched} documents fetched, {Reused} unchanged ones reused")]
    private static partial void LogFeedRead(ILogger logger, int entries, int fetched, int reused);
}

using System.Globalization;
using System.Net;
using Azure.Storage;
using Azure.Storage.Sas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// A local HTTP proxy in front of Azurite's blob, queue and table ports, for fault tests. It can throttle
/// every Nth operation with 503 Server Busy (what Azure Storage answers when it is over its limits), without
/// passing it on, and shorten the invisibility a queue receive asks for: the WebJobs queue listener always receives
/// with a fixed 10-minute visibility timeout (renewed while the function runs), so the messages a killed
/// host held would otherwise come back only after 10 minutes. It can also play the storage service being down
/// for a while (<see cref="Down"/>).
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false });
    private readonly Dictionary<int, (int Target, string Service)> _routes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _rejectionsLeft = new(StringComparer.Ordinal);
    private Random _random = new(0);
    private int _throttleEvery;
    private int _beyondEvery;
    private long _requests;
    private long _operations;
    private long _throttled;
    private long _beyondRetries;
    private long _faults;
    private long _receivesShortened;
    private long _dropped;
    private bool _down;

    private StorageProxy(WebApplication app, Dictionary<int, (int Target, string Service)> routes)
    {
        _app = app;
        _routes = routes;
        (BlobPort, QueuePort, TablePort) = (routes.Single(r => r.Value.Service == "blob").Key, routes.Single(r => r.Value.Service == "queue").Key, routes.Single(r => r.Value.Service == "table").Key);
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The storage clients' retries of one operation (Azure.Core's default): more rejections than this reach the caller.</summary>
    public const int ClientRetries = 3;

    /// <summary>
    /// Throttles operations (0: none): every <paramref name="everyNthOperation"/>th gets 503 for its first 1 to
    /// <see cref="ClientRetries"/> attempts (the client's retries ride it out), and every
    /// <paramref name="beyondRetriesEveryNth"/>th for one attempt more than that (the error reaches the code).
    /// An operation is a client request id (x-ms-client-request-id): a client's retries of one request keep it.
    /// </summary>
    public void Throttle(int everyNthOperation, int beyondRetriesEveryNth, int seed)
    {
        lock (_gate)
        {
            (_throttleEvery, _beyondEvery, _random) = (everyNthOperation, beyondRetriesEveryNth, new Random(seed));
        }
    }

    /// <summary>Operations seen, those throttled, those rejected more often than the client retries, and 503s answered.</summary>
    public (long Operations, long Throttled, long BeyondRetries, long Rejections) ThrottleCounts
    {
        get
        {
            lock (_gate)
            {
                return (_operations, _throttled, _beyondRetries, Interlocked.Read(ref _faults));
            }
        }
    }

    /// <summary>
    /// While true, every request's connection is dropped unanswered, as when the storage service is down (a
    /// stopped emulator, a network partition): the client sees a transport error, not an HTTP status.
    /// </summary>
    public bool Down
    {
        get => Volatile.Read(ref _down);
        set => Volatile.Write(ref _down, value);
    }

    /// <summary>Requests dropped while <see cref="Down"/>.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The invisibility a queue receive gets instead of what the client asked for (null: as asked).</summary>
    public TimeSpan? ReceiveVisibility { get; set; }

    /// <summary>Requests seen, faults answered, and receives whose visibility timeout was shortened.</summary>
    public (long Requests, long Faults, long ReceivesShortened) Counts => (Interlocked.Read(ref _requests), Interlocked.Read(ref _faults), Interlocked.Read(ref _receivesShortened));

    /// <summary>Visibility timeouts (seconds) that queue receives asked for, as the client sent them.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> ReceiveVisibilitiesAsked { get; } = new();

    public static async Task<StorageProxy> StartAsync(AzuriteFixture azurite)
    {
        var routes = new Dictionary<int, (int, string)>
        {
            [FreePorts.Next()] = (azurite.BlobPort, "blob"),
            [FreePorts.Next()] = (azurite.QueuePort, "queue"),
            [FreePorts.Next()] = (azurite.TablePort, "table"),
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k =>
        {
            foreach (var port in routes.Keys)
            {
                k.Listen(IPAddress.Loopback, port);
            }

            k.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new StorageProxy(app, routes);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        return proxy;
    }

    /// <summary>
    /// A connection string for an account through this proxy (with <paramref name="queuesOnly"/>, tables and
    /// blobs go straight to Azurite). With <paramref name="sas"/> it signs with an account SAS instead of the
    /// shared key: a shared-key signature covers the query string, so a receive whose visibility timeout the
    /// proxy rewrites would fail authentication; a SAS signs only its own fields.
    /// </summary>
    public string ConnectionString(AzuriteFixture azurite, string account, bool sas, bool queuesOnly = false)
    {
        var (blob, table) = queuesOnly ? (azurite.BlobPort, azurite.TablePort) : (BlobPort, TablePort);
        var endpoints = $"BlobEndpoint=http://127.0.0.1:{blob}/{account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{account};TableEndpoint=http://127.0.0.1:{table}/{account};";
        if (!sas)
        {
            return $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={AzuriteFixture.AccountKey};{endpoints}";
        }

        var token = new AccountSasBuilder(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(3), AccountSasServices.All, AccountSasResourceTypes.All)
        {
            Protocol = SasProtocol.HttpsAndHttp,
            StartsOn = DateTimeOffset.UtcNow.AddMinutes(-5),
        }.ToSasQueryParameters(new StorageSharedKeyCredential(account, AzuriteFixture.AccountKey)).ToString();
        return $"{endpoints}SharedAccessSignature={token}";
    }

    /// <summary>Runs before a request is passed on (service name, request): a test's way to act at an exact step of the code.</summary>
    public Func<string, HttpRequest, Task>? BeforeForward { get; set; }

    private async Task ForwardAsync(HttpContext context)
    {
        var (target, service) = _routes[context.Connection.LocalPort];
        var request = context.Request;
        Interlocked.Increment(ref _requests);
        if (Down)
        {
            Interlocked.Increment(ref _dropped);
            context.Abort();
            return;
        }

        if (BeforeForward is { } before)
        {
            await before(service, request);
        }

        if (Rejects(request.Headers["x-ms-client-request-id"].FirstOrDefault()))
        {
            Interlocked.Increment(ref _faults);
            await ServerBusyAsync(context, service);
            return;
        }

        var query = request.QueryString.Value ?? string.Empty;
        if (service == "queue" && HttpMethods.IsGet(request.Method) && request.Path.Value?.EndsWith("/messages", StringComparison.Ordinal) == true
            && request.Query["visibilitytimeout"].FirstOrDefault() is { } asked && request.Query["peekonly"].Count == 0)
        {
            ReceiveVisibilitiesAsked.AddOrUpdate(asked, 1, (_, c) => c + 1);
            if (ReceiveVisibility is { } visibility)
            {
                query = QueryString.Create(request.Query.Select(q => new KeyValuePair<string, string?>(q.Key,
                    q.Key == "visibilitytimeout" ? ((int)visibility.TotalSeconds).ToString(CultureInfo.InvariantCulture) : q.Value.ToString()))).Value ?? string.Empty;
                Interlocked.Increment(ref _receivesShortened);
            }
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), $"http://127.0.0.1:{target}{request.PathBase}{request.Path}{query}");
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private bool Rejects(string? clientRequestId)
    {
        lock (_gate)
        {
            if (_throttleEvery <= 0 && _beyondEvery <= 0)
            {
                return false;
            }

            var id = clientRequestId ?? Guid.NewGuid().ToString();
            if (!_rejectionsLeft.TryGetValue(id, out var left))
            {
                var n = ++_operations;
                left = _beyondEvery > 0 && n % _beyondEvery == 0 ? ClientRetries + 1
                    : _throttleEvery > 0 && n % _throttleEvery == 0 ? _random.Next(1, ClientRetries + 1)
                    : 0;
                _throttled += left > 0 ? 1 : 0;
                _beyondRetries += left > ClientRetries ? 1 : 0;
            }

            _rejectionsLeft[id] = Math.Max(0, left - 1);
            return left > 0;
        }
    }

    private static Task ServerBusyAsync(HttpContext context, string service)
    {
        const string message = "The server is busy.";
        context.Response.StatusCode = 503;
        context.Response.Headers["x-ms-error-code"] = "ServerBusy";
        if (service == "table")
        {
            context.Response.ContentType = "application/json;odata=minimalmetadata";
            return context.Response.WriteAsync($"{{\"odata.error\":{{\"code\":\"ServerBusy\",\"message\":{{\"lang\":\"en-US\",\"value\":\"{message}\"}}}}}}");
        }

        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>{message}</Message></Error>");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}

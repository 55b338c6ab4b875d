using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Bench.Fakes;

/// <summary>
/// The recipients' webhook receiver: Kestrel on loopback, answering 200 and counting distinct idempotency
/// keys (a duplicate is counted apart), with the moment of the latest first delivery.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);
    private long _duplicates;
    private long _officerOffers;
    private long _lastDelivery;

    private WebhookSink(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>Distinct notifications received.</summary>
    public long Delivered => _keys.Count;

    /// <summary>Calls whose idempotency key had been seen before (redeliveries the receiver drops).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Visit offers received by officers (not counted as notifications).</summary>
    public long OfficerOffers => Interlocked.Read(ref _officerOffers);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of the latest first delivery; 0 before any.</summary>
    public long LastDeliveryTimestamp => Interlocked.Read(ref _lastDelivery);

    public static async Task<WebhookSink> StartAsync(CancellationToken ct)
    {
        var port = Azurite.AzuriteServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new WebhookSink(app, port);
        app.MapPost("/{**path}", (HttpContext context) =>
        {
            // The body is not needed to count: the key identifies the alert and recipient.
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            if (key.Length == 0)
            {
                return Results.BadRequest();
            }

            if (context.Request.Path.StartsWithSegments("/officers", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref sink._officerOffers);
                return Results.Ok();
            }

            if (sink._keys.TryAdd(key, 0))
            {
                var now = Stopwatch.GetTimestamp();
                long seen;
                while ((seen = Interlocked.Read(ref sink._lastDelivery)) < now && Interlocked.CompareExchange(ref sink._lastDelivery, now, seen) != seen)
                {
                }
            }
            else
            {
                Interlocked.Increment(ref sink._duplicates);
            }

            return Results.Ok();
        });
        await app.StartAsync(ct);
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

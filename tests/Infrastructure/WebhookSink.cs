using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// One webhook call as the receiver saw it. <paramref name="SignatureValid"/>: whether the Standard Webhooks
/// signature verified against <see cref="TestServices.WebhookSigningSecret"/>; null when the call had none.
/// </summary>
public sealed record WebhookCall(string Path, string? IdempotencyKey, JsonElement Body, int AnsweredStatus, string? Authorization = null,
    string? WebhookId = null, long? Timestamp = null, bool? SignatureValid = null, long? ContentLength = null);

/// <summary>
/// A real local HTTP server (Kestrel on 127.0.0.1) that records webhook calls, verifies their signatures and
/// answers as told (a 3xx answer points its Location at <c>/redirected</c>).
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<WebhookCall> _calls = new();

    private WebhookSink(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>Decides the status for a call (path, idempotency key); 200 when not set.</summary>
    public Func<string, string?, int> Respond { get; set; } = (_, _) => 200;

    /// <summary>How long each call waits before it is answered (recorded at once): a slow receiver keeps sends in flight.</summary>
    public TimeSpan Delay { get; set; }

    public int Port { get; }

    public IReadOnlyList<WebhookCall> Calls => [.. _calls];

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public static async Task<WebhookSink> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new WebhookSink(app, port);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            using var doc = JsonDocument.Parse(body);
            var path = context.Request.Path.Value ?? "/";
            var headers = context.Request.Headers;
            var key = headers["Idempotency-Key"].FirstOrDefault();
            var id = headers["webhook-id"].FirstOrDefault();
            long? timestamp = long.TryParse(headers["webhook-timestamp"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
            var signature = headers["webhook-signature"].FirstOrDefault();
            bool? valid = signature is null ? null : Verify(TestServices.WebhookSigningSecret, id, headers["webhook-timestamp"].FirstOrDefault(), body, signature);
            var status = sink.Respond(path, key);
            sink._calls.Enqueue(new WebhookCall(path, key, doc.RootElement.Clone(), status, headers.Authorization.FirstOrDefault(), id, timestamp, valid, context.Request.ContentLength));
            if (sink.Delay > TimeSpan.Zero)
            {
                await Task.Delay(sink.Delay, context.RequestAborted);
            }

            if (status is >= 300 and < 400)
            {
                context.Response.Headers.Location = sink.Url("/redirected");
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return sink;
    }

    /// <summary>
    /// A receiver's Standard Webhooks check, written apart from HeatRelief's signer: the key is the base64 after
    /// <c>whsec_</c>; some space-separated <c>v1,</c> entry must equal base64(HMAC-SHA256(key, "id.timestamp.body")).
    /// </summary>
    public static bool Verify(string secret, string? id, string? timestamp, byte[] body, string signatureHeader)
    {
        if (id is null || timestamp is null || !secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed);
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(entry[3..], new byte[32], out var written) && written == 32
                && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(entry[3..]), expected))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

}

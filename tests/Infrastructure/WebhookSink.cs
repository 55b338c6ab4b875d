using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>One webhook call as the receiver saw it.</summary>
public sealed record WebhookCall(string Path, string? IdempotencyKey, JsonElement Body, int AnsweredStatus, string? Authorization = null);

/// <summary>A real local HTTP server (Kestrel on 127.0.0.1) that records webhook calls and answers as told.</summary>
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
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            var path = context.Request.Path.Value ?? "/";
            var key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
            var status = sink.Respond(path, key);
            sink._calls.Enqueue(new WebhookCall(path, key, doc.RootElement.Clone(), status, context.Request.Headers.Authorization.FirstOrDefault()));
            if (sink.Delay > TimeSpan.Zero)
            {
                await Task.Delay(sink.Delay, context.RequestAborted);
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

}

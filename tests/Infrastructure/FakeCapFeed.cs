using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// A local web server (Kestrel on 127.0.0.1) standing in for a CAP feed and the documents it links: each path answers
/// the body put there, or a status; any other path is a 404. Counts the requests per path.
/// </summary>
public sealed class FakeCapFeed : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body, string ContentType)> _files = new(StringComparer.Ordinal);

    private FakeCapFeed(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>Every path asked for, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string Url(string path) => $"{BaseUrl}/{path.TrimStart('/')}";

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>.</summary>
    public void Put(string path, string body, string contentType = "application/cap+xml") =>
        _files["/" + path.TrimStart('/')] = (200, body, contentType);

    /// <summary>Answers <paramref name="status"/> with an empty body at <paramref name="path"/>.</summary>
    public void Fail(string path, int status) => _files["/" + path.TrimStart('/')] = (status, string.Empty, "text/plain");

    public int Count(string path) => Requests.Count(r => r == "/" + path.TrimStart('/'));

    public static async Task<FakeCapFeed> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeCapFeed(app, port);
        app.MapGet("/{**path}", (HttpContext context) =>
        {
            var path = context.Request.Path.Value ?? "/";
            fake.Requests.Enqueue(path);
            return fake._files.TryGetValue(path, out var file)
                ? (file.Status == 200 ? Results.Text(file.Body, file.ContentType) : Results.StatusCode(file.Status))
                : Results.NotFound();
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

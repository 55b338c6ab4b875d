using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// A local stand-in for QWeather's weather alert API (<c>GET /weatheralert/v1/current/{lat}/{lon}</c>): it checks the
/// bearer token (a wrong one gets QWeather's 401 problem JSON), answers gzip-compressed as QWeather does, and counts the
/// requests. <see cref="Answer"/> gives the <c>alerts</c> JSON array for a point; null answers zeroResult.
/// </summary>
public sealed class FakeQWeather : IAsyncDisposable
{
    public const string Token = "test-qweather-token";

    private readonly WebApplication _app;

    private FakeQWeather(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>The <c>alerts</c> array (JSON text) for a latitude and longitude as asked; null: no alerts (zeroResult).</summary>
    public Func<string, string, string?> Answer { get; set; } = (_, _) => null;

    /// <summary>A status to answer instead for a latitude and longitude (with an empty body); null: answer normally.</summary>
    public Func<string, string, int?> Failure { get; set; } = (_, _) => null;

    /// <summary>Every request: the coordinates as asked, the query string, and whether it carried the right token.</summary>
    public ConcurrentQueue<(string Latitude, string Longitude, string Query, bool Authorized)> Requests { get; } = new();

    public static async Task<FakeQWeather> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeQWeather(app, port);
        app.MapGet("/weatheralert/v1/current/{lat}/{lon}", async (HttpContext context, string lat, string lon) =>
        {
            var authorized = context.Request.Headers.Authorization.ToString() == $"Bearer {Token}";
            fake.Requests.Enqueue((lat, lon, context.Request.QueryString.Value ?? string.Empty, authorized));
            if (!authorized)
            {
                await Gzipped(context, 401, """{"error":{"status":401,"type":"https://dev.qweather.com/docs/resource/error-code/#unauthorized","title":"Unauthorized","detail":"Invalid token"}}""");
                return;
            }

            if (fake.Failure(lat, lon) is { } status)
            {
                context.Response.StatusCode = status;
                return;
            }

            var alerts = fake.Answer(lat, lon);
            const string Metadata = """{"metadata":{"tag":"fake","attributions":["https://developer.qweather.com/attribution.html"],"zeroResult":""";
            await Gzipped(context, 200, alerts is null ? Metadata + "true}}" : Metadata + "false},\"alerts\":" + alerts + "}");
        });
        await app.StartAsync();
        return fake;
    }

    /// <summary>QWeather compresses every answer with gzip.</summary>
    private static async Task Gzipped(HttpContext context, int status, string json)
    {
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.ContentEncoding = "gzip";
        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

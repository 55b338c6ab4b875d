using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// A local stand-in for the Open-Meteo forecast API that counts requests: red heat everywhere (41 C today), or
/// a chosen failure per request: an HTTP status, <see cref="Garbage"/> JSON, or <see cref="Hang"/> (no answer).
/// </summary>
public sealed class FakeOpenMeteo : IAsyncDisposable
{
    /// <summary>Answer 200 with a body that is not JSON.</summary>
    public const int Garbage = -1;

    /// <summary>Answer nothing until the caller gives up.</summary>
    public const int Hang = -2;

    private readonly WebApplication _app;

    private FakeOpenMeteo(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public ConcurrentBag<(string Query, int Locations)> Requests { get; } = [];

    public static async Task<FakeOpenMeteo> StartAsync(Func<string, int?> failure)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOpenMeteo(app, $"http://127.0.0.1:{port}");
        app.MapGet("/v1/forecast", async (HttpContext context) =>
        {
            var query = context.Request.QueryString.Value ?? string.Empty;
            var lats = context.Request.Query["latitude"].ToString().Split(',');
            var lons = context.Request.Query["longitude"].ToString().Split(',');
            fake.Requests.Add((query, lats.Length));
            switch (failure(query))
            {
                case Garbage:
                    return Results.Text("{\"latitude\": [oops", "application/json");
                case Hang:
                    try
                    {
                        await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    return Results.StatusCode(504);
                case { } status:
                    return Results.StatusCode(status);
            }

            var locations = lats.Select((lat, i) => new ForecastBuilder.Location(
                double.Parse(lat, System.Globalization.CultureInfo.InvariantCulture), double.Parse(lons[i], System.Globalization.CultureInfo.InvariantCulture), [41.0, 40.0, 39.0])).ToArray();
            var json = ForecastBuilder.Json(new DateOnly(2026, 7, 15), locations);
            return Results.Text(locations.Length == 1 ? json[1..^1] : json, "application/json");
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

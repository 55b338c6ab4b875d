using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Bench.Fakes;

/// <summary>
/// A local stand-in for the Open-Meteo forecast API that counts requests and answers every location with
/// a heatwave: today peaks at 41 °C (a red signal), the days after at 30 °C (no level).
/// </summary>
public sealed class FakeOpenMeteo : IAsyncDisposable
{
    /// <summary>Beijing time, as Open-Meteo's timezone=auto answers for the generated sites.</summary>
    private const int UtcOffsetSeconds = 8 * 3600;

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private long _requests;
    private long _locations;

    private FakeOpenMeteo(WebApplication app, int port, TimeProvider time)
    {
        _app = app;
        _time = time;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public long Locations => Interlocked.Read(ref _locations);

    public static async Task<FakeOpenMeteo> StartAsync(TimeProvider time, CancellationToken ct)
    {
        var port = Azurite.AzuriteServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOpenMeteo(app, port, time);
        app.MapGet("/v1/forecast", async (HttpContext context) =>
        {
            var lats = context.Request.Query["latitude"].ToString().Split(',');
            var lons = context.Request.Query["longitude"].ToString().Split(',');
            var days = int.TryParse(context.Request.Query["forecast_days"], CultureInfo.InvariantCulture, out var d) ? d : 3;
            Interlocked.Increment(ref fake._requests);
            Interlocked.Add(ref fake._locations, lats.Length);
            if (lats.Length != lons.Length)
            {
                context.Response.StatusCode = 400;
                return;
            }

            context.Response.ContentType = "application/json";
            await fake.WriteForecastsAsync(context.Response.Body, lats, lons, days, context.RequestAborted);
        });
        await app.StartAsync(ct);
        return fake;
    }

    /// <summary>Open-Meteo's shape: one object for one location, an array for several.</summary>
    private async Task WriteForecastsAsync(Stream body, string[] lats, string[] lons, int days, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().AddSeconds(UtcOffsetSeconds).DateTime);
        await using var json = new Utf8JsonWriter(body);
        if (lats.Length > 1)
        {
            json.WriteStartArray();
        }

        for (var i = 0; i < lats.Length; i++)
        {
            WriteLocation(json, double.Parse(lats[i], CultureInfo.InvariantCulture), double.Parse(lons[i], CultureInfo.InvariantCulture), i, today, days);
            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(ct);
            }
        }

        if (lats.Length > 1)
        {
            json.WriteEndArray();
        }

        await json.FlushAsync(ct);
    }

    private static void WriteLocation(Utf8JsonWriter json, double latitude, double longitude, int index, DateOnly today, int days)
    {
        json.WriteStartObject();
        json.WriteNumber("latitude", latitude);
        json.WriteNumber("longitude", longitude);
        json.WriteNumber("generationtime_ms", 0.1);
        json.WriteNumber("utc_offset_seconds", UtcOffsetSeconds);
        json.WriteString("timezone", "Asia/Shanghai");
        json.WriteString("timezone_abbreviation", "GMT+8");
        json.WriteNumber("elevation", 50.0);
        json.WriteNumber("location_id", index);
        json.WriteStartObject("hourly_units");
        json.WriteString("time", "iso8601");
        json.WriteString("temperature_2m", "°C");
        json.WriteString("relative_humidity_2m", "%");
        json.WriteEndObject();
        json.WriteStartObject("hourly");
        json.WriteStartArray("time");
        for (var d = 0; d < days; d++)
        {
            for (var h = 0; h < 24; h++)
            {
                json.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{today.AddDays(d):yyyy-MM-dd}T{h:00}:00"));
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("temperature_2m");
        for (var d = 0; d < days; d++)
        {
            for (var h = 0; h < 24; h++)
            {
                // Coolest at 05:00 (max - 10), hottest at 15:00.
                json.WriteNumberValue(Math.Round(MaxOf(d) - (Math.Min(Math.Abs(h - 15) / 10.0, 1.0) * 10.0), 1));
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("relative_humidity_2m");
        for (var d = 0; d < days; d++)
        {
            for (var h = 0; h < 24; h++)
            {
                json.WriteNumberValue(Math.Round(20 + (Math.Min(Math.Abs(h - 15) / 10.0, 1.0) * 40.0)));
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("daily_units");
        json.WriteString("time", "iso8601");
        json.WriteString("temperature_2m_max", "°C");
        json.WriteEndObject();
        json.WriteStartObject("daily");
        json.WriteStartArray("time");
        for (var d = 0; d < days; d++)
        {
            json.WriteStringValue(today.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        json.WriteEndArray();
        json.WriteStartArray("temperature_2m_max");
        for (var d = 0; d < days; d++)
        {
            json.WriteNumberValue(MaxOf(d));
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static double MaxOf(int day) => day == 0 ? 41.0 : 30.0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Globalization;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HeatRelief.Weather;

/// <summary>
/// Live forecasts from the Open-Meteo forecast API: one request per up to 1,000 grid cells, sites in the
/// same cell sharing a location. Retries and timeouts come from the resilience handler of the named client.
/// </summary>
public sealed partial class OpenMeteoWeatherSource(
    IHttpClientFactory httpClients,
    IOptions<WeatherOptions> options,
    ILogger<OpenMeteoWeatherSource> logger) : IWeatherSource
{
    public const string HttpClientName = "open-meteo";

    public async Task<IReadOnlyDictionary<string, LocationForecast>> GetForecastsAsync(IReadOnlyList<Site> sites, CancellationToken ct)
    {
        var settings = options.Value;
        var cells = ForecastCells.Group(sites, settings.CellDegrees);
        var result = new Dictionary<string, LocationForecast>(StringComparer.Ordinal);
        var client = httpClients.CreateClient(HttpClientName);
        foreach (var batch in Batches(settings, cells))
        {
            var url = RequestUri(settings, batch);
            var forecasts = await FetchAsync(client, url, batch.Length, sites.Count, ct);
            for (var i = 0; i < batch.Length; i++)
            {
                foreach (var siteId in batch[i].SiteIds)
                {
                    result[siteId] = forecasts[i];
                }
            }
        }

        return result;
    }

    /// <summary>
    /// One batch's forecasts. Failed HTTP answers are retried by the client's resilience handler; an answer
    /// that arrives but cannot be used (garbage, truncated, the wrong number of locations: a proxy's error
    /// page, a half-written response) is asked for again here, twice, before the check gives up.
    /// </summary>
    private async Task<IReadOnlyList<LocationForecast>> FetchAsync(HttpClient client, Uri url, int locations, int siteCount, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            LogRequest(logger, locations, siteCount);
            using var response = await client.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new WeatherDataException($"Open-Meteo answered {(int)response.StatusCode} for {locations} locations: {Clip(body)}");
            }

            try
            {
                var forecasts = OpenMeteoParser.Parse(body, "Open-Meteo");
                return forecasts.Count == locations
                    ? forecasts
                    : throw new WeatherDataException($"Open-Meteo returned {forecasts.Count} locations for {locations} requested.");
            }
            catch (WeatherDataException ex) when (attempt < UnusableAnswerAttempts)
            {
                LogUnusableAnswer(logger, ex, attempt);

                // Wall clock on purpose, as for the HTTP retries: a test's frozen clock must not stall a real wait.
                await Task.Delay(TimeSpan.FromSeconds(attempt), TimeProvider.System, ct);
            }
        }
    }

    /// <summary>How often an answer that cannot be used is asked for in all.</summary>
    public const int UnusableAnswerAttempts = 3;

    /// <summary>
    /// Splits cells into requests of at most MaxLocationsPerRequest locations whose URL also stays within
    /// MaxUrlLength: web servers commonly refuse request lines over 8 KB (HTTP 414), long before 1,000
    /// coordinate pairs are reached.
    /// </summary>
    public static IEnumerable<ForecastCells.Cell[]> Batches(WeatherOptions settings, IReadOnlyList<ForecastCells.Cell> cells)
    {
        var batch = new List<ForecastCells.Cell>();
        foreach (var cell in cells)
        {
            batch.Add(cell);
            if (batch.Count > 1 && (batch.Count > settings.MaxLocationsPerRequest || RequestUri(settings, batch).AbsoluteUri.Length > settings.MaxUrlLength))
            {
                batch.RemoveAt(batch.Count - 1);
                yield return [.. batch];
                batch = [cell];
            }
        }

        if (batch.Count > 0)
        {
            yield return [.. batch];
        }
    }

    /// <summary>The forecast request for a batch of cells (relative to the configured base address).</summary>
    public static Uri RequestUri(WeatherOptions settings, IReadOnlyList<ForecastCells.Cell> cells)
    {
        static string Join(IEnumerable<double> values) => string.Join(",", values.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)));
        var query = string.Create(CultureInfo.InvariantCulture,
            $"v1/forecast?latitude={Join(cells.Select(c => c.Latitude))}&longitude={Join(cells.Select(c => c.Longitude))}" +
            $"&hourly=temperature_2m,relative_humidity_2m&daily=temperature_2m_max&timezone=auto&forecast_days={settings.ForecastDays}");
        return new Uri(new Uri(settings.OpenMeteoBaseUrl.TrimEnd('/') + "/"), query);
    }

    private static string Clip(string text) => text.Length > 300 ? text[..300] + "..." : text;

    [LoggerMessage(EventId = 2002, EventName = "WeatherAnswerUnusable", Level = LogLevel.Warning, Message = "Open-Meteo's answer could not be used (attempt {Attempt}); asking again")]
    private static partial void LogUnusableAnswer(ILogger logger, Exception error, int attempt);

    [LoggerMessage(EventId = 2001, EventName = "WeatherRequest", Level = LogLevel.Information, Message = "Requesting Open-Meteo forecasts for {Locations} locations covering {Sites} sites")]
    private static partial void LogRequest(ILogger logger, int locations, int sites);
}

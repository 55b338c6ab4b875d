using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HeatRelief.Warnings;

/// <summary>
/// <c>Warnings__Source=qweather</c>: QWeather's weather alerts (<c>GET /weatheralert/v1/current/{lat}/{lon}</c> at the
/// account's own host, bearer token, gzip answers), one request per grid cell of <c>Warnings__CellDegrees</c> shared by
/// its sites, asked at the cell's centre with two decimals. Alerts become CAP messages (<see cref="QWeatherAlerts"/>).
/// A refused token, a failed request or an answer that is not the alert JSON fails the whole source (no cell may look
/// clear because its request failed); a malformed alert is rejected by itself. QWeather's v7 warning API, retired on
/// 2026-10-01, is not used.
/// </summary>
public sealed partial class QWeatherWarningSource(
    IHttpClientFactory httpClients,
    IOptions<WarningsOptions> options,
    ILogger<QWeatherWarningSource> logger) : IWarningSource
{
    public const string HttpClientName = "qweather";

    /// <summary>Cells asked at once.</summary>
    public const int Parallelism = 4;

    public string Name => WarningsOptions.QWeatherSource;

    public async Task<WarningFetch> FetchAsync(IReadOnlyList<Site> sites, CancellationToken ct)
    {
        var settings = options.Value;
        var cells = WarningCells.Group(sites, settings.CellDegrees);
        LogRequest(logger, cells.Count, sites.Count);
        var client = httpClients.CreateClient(HttpClientName);
        var answers = new IReadOnlyList<CapParseResult>[cells.Count];
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(cells.Select(async (cell, i) =>
        {
            await gate.WaitAsync(ct);
            try
            {
                answers[i] = await CellAsync(client, settings, cell, ct);
            }
            finally
            {
                gate.Release();
            }
        }));

        var results = answers.SelectMany(a => a).ToList();
        return new WarningFetch(
            QWeatherAlerts.Combine(results.Where(r => r.Document is not null).Select(r => r.Document!)),
            [.. results.Where(r => r.Document is null)]);
    }

    /// <summary>The request for a cell: its centre with two decimals, as QWeather takes coordinates.</summary>
    public static Uri RequestUri(WarningsOptions settings, WarningCells.Cell cell) =>
        new(new Uri(settings.QWeatherBaseUrl!.Trim().TrimEnd('/') + "/"), string.Create(CultureInfo.InvariantCulture,
            $"weatheralert/v1/current/{Coordinate(cell.CentreLatitude)}/{Coordinate(cell.CentreLongitude)}?lang={Uri.EscapeDataString(settings.QWeatherLanguage)}"));

    private static string Coordinate(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<CapParseResult>> CellAsync(HttpClient client, WarningsOptions settings, WarningCells.Cell cell, CancellationToken ct)
    {
        var where = $"QWeather {Coordinate(cell.CentreLatitude)},{Coordinate(cell.CentreLongitude)}";
        var uri = RequestUri(settings, cell);
        byte[] body;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.QWeatherToken!.Trim());
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            body = await BoundedContent.ReadAsync(response.Content, settings.MaxResponseBytes + 1, ct);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new WarningSourceException($"QWeather refused the token (HTTP {(int)response.StatusCode}{Detail(body)}): check Warnings__QWeatherToken and Warnings__QWeatherBaseUrl");
            }

            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return [];
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new WarningSourceException($"{where}: QWeather answered HTTP {(int)response.StatusCode}{Detail(body)}");
            }
        }
        catch (Exception ex) when (CapFeedWarningSource.IsTransportFailure(ex, ct))
        {
            throw new WarningSourceException($"{where}: QWeather could not be reached: {BoundedContent.OneLine(ex.Message)}", ex);
        }

        if (body.Length > settings.MaxResponseBytes)
        {
            throw new WarningSourceException(string.Create(CultureInfo.InvariantCulture, $"{where}: QWeather's answer is larger than {settings.MaxResponseBytes:N0} bytes (Warnings__MaxResponseBytes): refused"));
        }

        return Alerts(body, cell, settings.QWeatherLanguage, where);
    }

    /// <summary>The alerts of one answer; an answer that is not QWeather's alert JSON fails the source.</summary>
    public static IReadOnlyList<CapParseResult> Alerts(byte[] body, WarningCells.Cell cell, string language, string where)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new WarningSourceException($"{where}: QWeather's answer is not JSON: {BoundedContent.OneLine(ex.Message)}", ex);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WarningSourceException($"{where}: QWeather's answer is not the weather alert JSON (a {root.ValueKind}, not an object)");
            }

            var zeroResult = root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("zeroResult", out var zero) && zero.ValueKind == JsonValueKind.True;
            if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind == JsonValueKind.Null)
            {
                return zeroResult ? [] : throw new WarningSourceException($"{where}: QWeather's answer has no alerts list and does not say zeroResult");
            }

            if (alerts.ValueKind != JsonValueKind.Array)
            {
                throw new WarningSourceException($"{where}: QWeather's answer has alerts that are a {alerts.ValueKind}, not a list");
            }

            return [.. alerts.EnumerateArray().Select((alert, i) => QWeatherAlerts.Map(alert, i + 1, cell, language, where))];
        }
    }

    /// <summary>QWeather's own words about an error (its problem JSON's title and detail), clipped; empty when it gave none.</summary>
    private static string Detail(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var error = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : json.RootElement;
            var words = new[] { "title", "detail" }
                .Select(name => error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                .Where(w => !string.IsNullOrWhiteSpace(w))
                .ToList();
            return words.Count == 0 ? string.Empty : ": " + BoundedContent.OneLine(string.Join(" - ", words), 150);
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    [LoggerMessage(EventId = 2111, EventName = "WarningQWeatherRequest", Level = LogLevel.Information, Message = "Requesting QWeather alerts for {Cells} grid cells covering {Sites} sites")]
    private static partial void LogRequest(ILogger logger, int cells, int sites);
}

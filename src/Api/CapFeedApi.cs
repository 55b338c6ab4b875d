using HeatRelief.CapFeed;
using HeatRelief.Triggers;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// HeatRelief's alerts for other systems: the Atom feed and one CAP 1.2 document per alert. Anonymous by design (a
/// union's WeChat account, a city system or another HeatRelief reads them without a sign-in); they carry sites and
/// levels, never a recipient. URLs in them are absolute, built from the request.
/// </summary>
public sealed class CapFeedApi(CapFeedService feed)
{
    public const string AtomContentType = CapAtomWriter.AtomMediaType + "; charset=utf-8";
    public const string CapContentType = CapAtomWriter.CapMediaType + "; charset=utf-8";

    public async Task<IResult> FeedAsync(HttpRequest request, CancellationToken ct)
    {
        var root = Root(request);
        return Results.Bytes(await feed.FeedAsync(new Uri(root, RouteTemplates.CapFeed), id => CapUrl(root, id), ct), AtomContentType);
    }

    public async Task<IResult> AlertAsync(HttpRequest request, string alertId, CancellationToken ct)
    {
        var root = Root(request);
        return await feed.AlertAsync(alertId, id => CapUrl(root, id), ct) is { } document
            ? Results.Bytes(document, CapContentType)
            : Problems.NotFound($"no HeatRelief alert has the id '{Clip(alertId)}'");
    }

    /// <summary>The URL of one alert's CAP document under <paramref name="root"/> (<c>.../api/</c>).</summary>
    public static Uri CapUrl(Uri root, string alertId) =>
        new(root, RouteTemplates.CapAlert.Replace("{" + RouteTemplates.CapAlertParameter + "}", Uri.EscapeDataString(alertId), StringComparison.Ordinal));

    /// <summary>
    /// The API's root as the caller addressed it, e.g. <c>https://heatrelief.example/api/</c>. Kestrel and the
    /// Functions front end refuse a malformed Host before any route runs; should one still get here, the URLs
    /// name localhost rather than the request failing.
    /// </summary>
    private static Uri Root(HttpRequest request) =>
        Uri.TryCreate($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}/{ApiRoutes.Prefix}/", UriKind.Absolute, out var root)
            ? root
            : new Uri($"http://localhost/{ApiRoutes.Prefix}/");

    private static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

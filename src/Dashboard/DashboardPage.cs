using System.Net;
using System.Reflection;
using System.Text.Json;
using HeatRelief.Api;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.Triggers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HeatRelief.Dashboard;

/// <summary>
/// The admins' dashboard: one self-contained page (its script and styles inline, Leaflet and its Chinese tile
/// providers bundled in from <c>vendor/</c>), so it loads nothing from the internet; only map tiles, when
/// <see cref="DashboardOptions.MapTileUrl"/> names them, come from elsewhere. Its data comes from the admin API with
/// the admin's sign-in. The API's times are UTC; the page shows them in the campaign's zone, named, whatever the browser's zone.
/// </summary>
public sealed class DashboardPage(AuditQuery audit, IPrincipalReader principals, LocalTimeText localTime, IOptions<DashboardOptions> options) : IDashboardPage
{
    private const string Body = "<body>";

    private static readonly string Html = Load();

    /// <summary>The page's API paths by function name, from the one declaration both hosts use.</summary>
    private static readonly string Routes = JsonSerializer.Serialize(TriggerCatalog.HttpFunctions.ToDictionary(t => t.Name, t => t.Path));

    /// <summary>Every audit kind, for the log's kind filter.</summary>
    private static readonly string Kinds = JsonSerializer.Serialize(typeof(AuditKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal));

    private readonly string _tiles = JsonSerializer.Serialize(new { layers = options.Value.TileLayers(), key = options.Value.MapTileKey });

    /// <summary>Where an admin signs in: App Service Authentication in Azure, the development sign-in in the self-host.</summary>
    public string SignInPath => principals is DevelopmentTokens ? DevelopmentSignIn.Path : "/.auth/login/aad?post_login_redirect_uri=/api/dashboard";

    public IResult Show()
    {
        var at = Html.IndexOf(Body, StringComparison.Ordinal);
        var body = $"<body data-today=\"{audit.Today():yyyy-MM-dd}\" data-signin=\"{Attribute(SignInPath)}\""
            + $" data-zone=\"{Attribute(localTime.IanaId)}\" data-zone-zh=\"{Attribute(localTime.ChineseName ?? string.Empty)}\""
            + $" data-routes=\"{Attribute(Routes)}\" data-kinds=\"{Attribute(Kinds)}\" data-tiles=\"{Attribute(_tiles)}\">";
        return Results.Content(string.Concat(Html.AsSpan(0, at), body, Html.AsSpan(at + Body.Length)), "text/html; charset=utf-8");
    }

    private static string Attribute(string value) => WebUtility.HtmlEncode(value);

    /// <summary>The page with Leaflet's style sheet and scripts put in place of their markers.</summary>
    private static string Load() => Resource("dashboard.html")
        .Replace("<!--leaflet.css-->", $"<style>\n{Inline("leaflet.css")}\n</style>", StringComparison.Ordinal)
        .Replace("<!--leaflet.js-->", $"<script>\n{Inline("leaflet.js").Replace("//# sourceMappingURL=leaflet.js.map", string.Empty, StringComparison.Ordinal)}\n</script>\n"
            + $"<script>\n{Inline("leaflet.ChineseTmsProviders.js")}\n</script>", StringComparison.Ordinal);

    /// <summary>A file of <c>vendor/</c>, checked to hold no closing tag that would end its element early once inline.</summary>
    private static string Inline(string name)
    {
        var text = Resource($"vendor.{name}");
        return text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("</style", StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidOperationException($"vendor/{name} holds a closing script or style tag and cannot be put inline")
            : text;
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"HeatRelief.Dashboard.{name}")
            ?? throw new InvalidOperationException($"{name} is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

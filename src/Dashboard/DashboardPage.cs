using System.Net;
using System.Reflection;
using System.Text.Json;
using HeatRelief.Api;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.Triggers;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Dashboard;

/// <summary>
/// The admins' dashboard: one self-contained page (its script and styles inline, the map and chart drawn as
/// SVG), so it works without an internet connection. Its data comes from the admin API with the admin's sign-in.
/// The API's times are UTC; the page shows them in the campaign's zone, named, whatever the browser's zone.
/// </summary>
public sealed class DashboardPage(AuditQuery audit, IPrincipalReader principals, LocalTimeText localTime) : IDashboardPage
{
    private static readonly string Html = Load();

    /// <summary>The page's API paths by function name, from the one declaration both hosts use.</summary>
    private static readonly string Routes = JsonSerializer.Serialize(TriggerCatalog.HttpFunctions.ToDictionary(t => t.Name, t => t.Path));

    /// <summary>Where an admin signs in: App Service Authentication in Azure, the development sign-in in the self-host.</summary>
    public string SignInPath => principals is DevelopmentTokens ? DevelopmentSignIn.Path : "/.auth/login/aad?post_login_redirect_uri=/api/dashboard";

    public IResult Show() => Results.Content(
        Html.Replace("<body>", $"<body data-today=\"{audit.Today():yyyy-MM-dd}\" data-signin=\"{WebUtility.HtmlEncode(SignInPath)}\""
            + $" data-zone=\"{WebUtility.HtmlEncode(localTime.IanaId)}\" data-zone-zh=\"{WebUtility.HtmlEncode(localTime.ChineseName ?? string.Empty)}\""
            + $" data-routes=\"{WebUtility.HtmlEncode(Routes)}\">", StringComparison.Ordinal),
        "text/html; charset=utf-8");

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HeatRelief.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("the dashboard page is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

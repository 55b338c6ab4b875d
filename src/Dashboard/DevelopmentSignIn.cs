using System.Net;
using HeatRelief.Api;
using HeatRelief.Triggers;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Dashboard;

/// <summary>
/// The self-host's stand-in for Entra ID sign-in: pick a name and role, get a signed development token in an
/// HttpOnly cookie. Served only by the self-host, and only when <c>Auth__DevelopmentSignIn</c> is on.
/// </summary>
public sealed class DevelopmentSignIn(DevelopmentTokens tokens)
{
    public const string Path = "/dev/signin";

    private static readonly TimeSpan ValidFor = TimeSpan.FromHours(8);

    public IResult Form() => !tokens.Enabled ? Off() : Results.Content(
        "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + "<title>开发登录 / HeatRelief development sign-in</title></head><body>"
        + "<h1>开发登录 / Development sign-in</h1><p>仅限本机：代替 Microsoft Entra ID 登录。</p><p lang=\"en\">Local only: stands in for Microsoft Entra ID.</p>"
        + "<form method=\"post\"><label>登录名 / Name <input name=\"name\" value=\"admin@local\" required maxlength=\"200\"></label> "
        + "<label>角色 / Role <select name=\"role\"><option value=\"admin\">管理员 / admin</option><option value=\"officer\">干部 / officer</option></select></label> "
        + "<button type=\"submit\">登录 / Sign in</button></form></body></html>",
        "text/html; charset=utf-8");

    public async Task<IResult> SignInAsync(HttpContext context)
    {
        if (!tokens.Enabled)
        {
            return Off();
        }

        var (form, unreadable) = await RequestBodies.ReadFormAsync(context.Request, context.RequestAborted);
        var name = form["name"].ToString().Trim();
        var role = form["role"].ToString();
        if (unreadable is not null || name.Length is 0 or > 200 || name.Any(char.IsControl) || role is not (Caller.AdminRole or Caller.OfficerRole))
        {
            return Results.Content($"<!doctype html><p>{WebUtility.HtmlEncode("请填写登录名（最多200个字符），角色为管理员或干部。 / Give a name (at most 200 characters) and the role admin or officer.")}</p>", "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        context.Response.Cookies.Append(DevelopmentTokens.CookieName, tokens.Create(name, [role], ValidFor),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", MaxAge = ValidFor });
        // Each role lands on its own page: admins on the dashboard, officers on their visits.
        return Results.Redirect(TriggerCatalog.Named(role == Caller.AdminRole ? RouteNames.Dashboard : RouteNames.OfficerPage).Path);
    }

    private static IResult Off() => Results.Content("<!doctype html><meta charset=\"utf-8\"><p>开发登录未开启（Auth__DevelopmentSignIn）。 / Development sign-in is off (Auth__DevelopmentSignIn).</p>", "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Api;

/// <summary>One HTTP route: the Functions app declares a function with this method and template, the self-host maps it.</summary>
public sealed record ApiRoute(string Name, string Method, string Template, Func<HttpContext, Task<IResult>> Handle);

/// <summary>
/// Every HTTP route HeatRelief serves, relative to <c>/api/</c> (the Functions default prefix). Both hosts
/// call the same handlers; a test checks the Functions app's triggers against this table.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new("ListOfficerAssignments", "GET", "officers/{officerId}/assignments",
            c => Api<AssignmentApi>(c).ListForOfficerAsync(c.Request, Route(c, "officerId"), c.RequestAborted)),
        new("AcceptAssignment", "POST", "assignments/{id}/accept",
            c => Api<AssignmentApi>(c).AcceptAsync(c.Request, Route(c, "id"), c.RequestAborted)),
        new("DeclineAssignment", "POST", "assignments/{id}/decline",
            c => Api<AssignmentApi>(c).DeclineAsync(c.Request, Route(c, "id"), c.RequestAborted)),
        new("CompleteAssignment", "POST", "assignments/{id}/complete",
            c => Api<AssignmentApi>(c).CompleteAsync(c.Request, Route(c, "id"), c.RequestAborted)),
        new("ShowActionLink", "GET", "links/{token}",
            c => Api<LinkPages>(c).ShowAsync(Route(c, "token"), c.RequestAborted)),
        new("UseActionLink", "POST", "links/{token}",
            c => Api<LinkPages>(c).ActAsync(c.Request, Route(c, "token"), c.RequestAborted)),
        new("AdminMe", "GET", "admin/me",
            c => Task.FromResult(Api<AdminApi>(c).Me(c.Request))),
        new("AdminAudit", "GET", "admin/audit",
            c => Api<AdminApi>(c).AuditAsync(c.Request, c.RequestAborted)),
        new("AdminAuditCsv", "GET", "admin/audit.csv",
            c => Task.FromResult(Api<AdminApi>(c).AuditCsv(c.Request))),
        new("AdminSummary", "GET", "admin/summary",
            c => Api<AdminApi>(c).SummaryAsync(c.Request, c.RequestAborted)),
        new("AdminSites", "GET", "admin/sites",
            c => Api<AdminApi>(c).SitesAsync(c.Request, c.RequestAborted)),
        new("AdminPoison", "GET", "admin/poison",
            c => Api<AdminApi>(c).PoisonAsync(c.Request, c.RequestAborted)),
        new("AdminReplayPoison", "POST", "admin/poison/{queue}/replay",
            c => Api<AdminApi>(c).ReplayAsync(c.Request, Route(c, "queue"), c.RequestAborted)),
        new("AdminDiscardPoison", "POST", "admin/poison/{queue}/discard",
            c => Api<AdminApi>(c).DiscardAsync(c.Request, Route(c, "queue"), c.RequestAborted)),
        new("Dashboard", "GET", "dashboard",
            c => Task.FromResult(Api<Dashboard.DashboardPage>(c).Show())),
    ];

    public static ApiRoute Named(string name) => All.Single(r => r.Name == name);

    private static T Api<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? string.Empty;
}

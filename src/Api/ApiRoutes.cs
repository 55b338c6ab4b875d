using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using HeatRelief.Triggers;

namespace HeatRelief.Api;

/// <summary>
/// Every HTTP route HeatRelief serves, relative to <c>/api/</c> (the Functions default prefix). Both hosts
/// call the same handlers; names and templates are the <see cref="RouteNames"/> and <see cref="RouteTemplates"/>
/// constants the Functions app's attributes use too, and a test checks the generated <c>functions.metadata</c>
/// against this table.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new(RouteNames.ListOfficerVisits, "GET", RouteTemplates.OfficerVisits,
            c => Api<VisitApi>(c).ListForOfficerAsync(c.Request, Route(c, "officerId"), c.RequestAborted)),
        new(RouteNames.AcceptVisit, "POST", RouteTemplates.AcceptVisit,
            c => Api<VisitApi>(c).AcceptAsync(c.Request, Route(c, "id"), c.RequestAborted)),
        new(RouteNames.DeclineVisit, "POST", RouteTemplates.DeclineVisit,
            c => Api<VisitApi>(c).DeclineAsync(c.Request, Route(c, "id"), c.RequestAborted)),
        new(RouteNames.CompleteVisit, "POST", RouteTemplates.CompleteVisit,
            c => Api<VisitApi>(c).CompleteAsync(c.Request, Route(c, "id"), c.RequestAborted)),
        new(RouteNames.ShowActionLink, "GET", RouteTemplates.ActionLink,
            c => Api<LinkPages>(c).ShowAsync(Route(c, "token"), c.RequestAborted)),
        new(RouteNames.UseActionLink, "POST", RouteTemplates.ActionLink,
            c => Api<LinkPages>(c).ActAsync(c.Request, Route(c, "token"), c.RequestAborted)),
        new(RouteNames.AdminMe, "GET", RouteTemplates.ManageMe,
            c => Task.FromResult(Api<AdminApi>(c).Me(c.Request))),
        new(RouteNames.AdminAudit, "GET", RouteTemplates.ManageAudit,
            c => Api<AdminApi>(c).AuditAsync(c.Request, c.RequestAborted)),
        new(RouteNames.AdminAuditCsv, "GET", RouteTemplates.ManageAuditCsv,
            c => Task.FromResult(Api<AdminApi>(c).AuditCsv(c.Request))),
        new(RouteNames.AdminSummary, "GET", RouteTemplates.ManageSummary,
            c => Api<AdminApi>(c).SummaryAsync(c.Request, c.RequestAborted)),
        new(RouteNames.AdminSites, "GET", RouteTemplates.ManageSites,
            c => Api<AdminApi>(c).SitesAsync(c.Request, c.RequestAborted)),
        new(RouteNames.AdminPoison, "GET", RouteTemplates.ManagePoison,
            c => Api<AdminApi>(c).PoisonAsync(c.Request, c.RequestAborted)),
        new(RouteNames.AdminReplayPoison, "POST", RouteTemplates.ManageReplayPoison,
            c => Api<AdminApi>(c).ReplayAsync(c.Request, Route(c, "queue"), c.RequestAborted)),
        new(RouteNames.AdminDiscardPoison, "POST", RouteTemplates.ManageDiscardPoison,
            c => Api<AdminApi>(c).DiscardAsync(c.Request, Route(c, "queue"), c.RequestAborted)),
        new(RouteNames.Dashboard, "GET", RouteTemplates.Dashboard,
            c => Task.FromResult(Api<IDashboardPage>(c).Show())),
    ];

    public static ApiRoute Named(string name) => All.Single(r => r.Name == name);

    private static T Api<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? string.Empty;
}

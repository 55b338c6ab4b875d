using HeatRelief.Api;
using HeatRelief.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: who the signed-in admin is (the dashboard's first call).</summary>
public sealed class AdminMeFunction(AdminApi api)
{
    [Function(RouteNames.AdminMe)]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageMe)] HttpRequest request) =>
        new ResultAction(api.Me(request));
}

/// <summary>HTTP: the audit trail, paged, newest first, with filters.</summary>
public sealed class AdminAuditFunction(AdminApi api)
{
    [Function(RouteNames.AdminAudit)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageAudit)] HttpRequest request) =>
        new ResultAction(await api.AuditAsync(request, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the audit trail as CSV, streamed page by page.</summary>
public sealed class AdminAuditCsvFunction(AdminApi api)
{
    [Function(RouteNames.AdminAuditCsv)]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageAuditCsv)] HttpRequest request) =>
        new ResultAction(api.AuditCsv(request));
}

/// <summary>HTTP: one heat day's campaign figures.</summary>
public sealed class AdminSummaryFunction(AdminApi api)
{
    [Function(RouteNames.AdminSummary)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageSummary)] HttpRequest request) =>
        new ResultAction(await api.SummaryAsync(request, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: every site with its level and visit for a day (the dashboard's list and map).</summary>
public sealed class AdminSitesFunction(AdminApi api)
{
    [Function(RouteNames.AdminSites)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageSites)] HttpRequest request) =>
        new ResultAction(await api.SitesAsync(request, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the messages on the poison queues.</summary>
public sealed class AdminPoisonFunction(AdminApi api)
{
    [Function(RouteNames.AdminPoison)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManagePoison)] HttpRequest request) =>
        new ResultAction(await api.PoisonAsync(request, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: move one poison message back to its queue.</summary>
public sealed class AdminReplayPoisonFunction(AdminApi api)
{
    [Function(RouteNames.AdminReplayPoison)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ManageReplayPoison)] HttpRequest request, string queue) =>
        new ResultAction(await api.ReplayAsync(request, queue, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: delete one poison message for good.</summary>
public sealed class AdminDiscardPoisonFunction(AdminApi api)
{
    [Function(RouteNames.AdminDiscardPoison)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ManageDiscardPoison)] HttpRequest request, string queue) =>
        new ResultAction(await api.DiscardAsync(request, queue, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the admins' dashboard page.</summary>
public sealed class DashboardFunction(DashboardPage page)
{
    [Function(RouteNames.Dashboard)]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.Dashboard)] HttpRequest request) =>
        new ResultAction(page.Show());
}

using HeatRelief.Api;
using HeatRelief.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: who the signed-in admin is (the dashboard's first call).</summary>
public sealed class AdminMeFunction(AdminApi api)
{
    [Function("AdminMe")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/me")] HttpRequest request) =>
        new ResultAction(api.Me(request));
}

/// <summary>HTTP: the audit trail, paged, newest first, with filters.</summary>
public sealed class AdminAuditFunction(AdminApi api)
{
    [Function("AdminAudit")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/audit")] HttpRequest request) =>
        new ResultAction(await api.AuditAsync(request, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: the audit trail as CSV, streamed page by page.</summary>
public sealed class AdminAuditCsvFunction(AdminApi api)
{
    [Function("AdminAuditCsv")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/audit.csv")] HttpRequest request) =>
        new ResultAction(api.AuditCsv(request));
}

/// <summary>HTTP: one heat day's campaign figures.</summary>
public sealed class AdminSummaryFunction(AdminApi api)
{
    [Function("AdminSummary")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/summary")] HttpRequest request) =>
        new ResultAction(await api.SummaryAsync(request, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: every site with its level and visit for a day (the dashboard's list and map).</summary>
public sealed class AdminSitesFunction(AdminApi api)
{
    [Function("AdminSites")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/sites")] HttpRequest request) =>
        new ResultAction(await api.SitesAsync(request, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: the messages on the poison queues.</summary>
public sealed class AdminPoisonFunction(AdminApi api)
{
    [Function("AdminPoison")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/poison")] HttpRequest request) =>
        new ResultAction(await api.PoisonAsync(request, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: move one poison message back to its queue.</summary>
public sealed class AdminReplayPoisonFunction(AdminApi api)
{
    [Function("AdminReplayPoison")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/poison/{queue}/replay")] HttpRequest request, string queue) =>
        new ResultAction(await api.ReplayAsync(request, queue, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: delete one poison message for good.</summary>
public sealed class AdminDiscardPoisonFunction(AdminApi api)
{
    [Function("AdminDiscardPoison")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/poison/{queue}/discard")] HttpRequest request, string queue) =>
        new ResultAction(await api.DiscardAsync(request, queue, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: the admins' dashboard page.</summary>
public sealed class DashboardFunction(DashboardPage page)
{
    [Function("Dashboard")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request) =>
        new ResultAction(page.Show());
}

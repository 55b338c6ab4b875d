using HeatRelief.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: the directory's records of one kind, for the dashboard's management.</summary>
public sealed class AdminDirectoryFunction(DirectoryApi api)
{
    [Function(RouteNames.AdminDirectory)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageDirectory)] HttpRequest request, string kind) =>
        new ResultAction(await api.ListAsync(request, kind, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: import one uploaded CSV file of sites, recipients or officers.</summary>
public sealed class AdminImportDirectoryFunction(DirectoryApi api)
{
    [Function(RouteNames.AdminImportDirectory)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ManageImportDirectory)] HttpRequest request, string kind) =>
        new ResultAction(await api.ImportAsync(request, kind, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: add or edit one site, recipient or officer.</summary>
public sealed class AdminSaveDirectoryFunction(DirectoryApi api)
{
    [Function(RouteNames.AdminSaveDirectory)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ManageSaveDirectory)] HttpRequest request, string kind) =>
        new ResultAction(await api.SaveAsync(request, kind, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: activate, deactivate or remove one site, recipient or officer.</summary>
public sealed class AdminChangeDirectoryFunction(DirectoryApi api)
{
    [Function(RouteNames.AdminChangeDirectory)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ManageChangeDirectory)] HttpRequest request, string kind) =>
        new ResultAction(await api.ChangeAsync(request, kind, request.HttpContext.RequestAborted));
}

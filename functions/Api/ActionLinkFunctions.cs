using HeatRelief.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: the page a one-tap link opens; shows what the link will do, changes nothing.</summary>
public sealed class ShowActionLinkFunction(LinkPages pages)
{
    [Function(RouteNames.ShowActionLink)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ActionLink)] HttpRequest request, string token) =>
        new ResultAction(await pages.ShowAsync(token, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the one-tap link's button: accept, decline or complete, once.</summary>
public sealed class UseActionLinkFunction(LinkPages pages)
{
    [Function(RouteNames.UseActionLink)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ActionLink)] HttpRequest request, string token) =>
        new ResultAction(await pages.ActAsync(request, token, request.HttpContext.RequestAborted));
}

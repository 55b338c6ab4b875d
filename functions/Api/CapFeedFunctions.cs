using HeatRelief.Api;
using HeatRelief.Triggers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: the Atom feed of recent alerts, each entry linking to its CAP 1.2 document. Anonymous (App Service Authentication excludes /api/cap).</summary>
public sealed class CapFeedFunction(CapFeedApi api)
{
    [Function(RouteNames.CapFeed)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.CapFeed)] HttpRequest request) =>
        new ResultAction(await api.FeedAsync(request, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: one alert as a CAP 1.2 document.</summary>
public sealed class CapAlertFunction(CapFeedApi api)
{
    [Function(RouteNames.CapAlert)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.CapAlert)] HttpRequest request, string alertId) =>
        new ResultAction(await api.AlertAsync(request, alertId, request.HttpContext.RequestAborted));
}

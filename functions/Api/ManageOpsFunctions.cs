using HeatRelief.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: run a heat check now (409 while one runs on any instance).</summary>
public sealed class AdminHeatCheckFunction(HeatCheckApi api)
{
    [Function(RouteNames.AdminHeatCheck)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ManageHeatCheck)] HttpRequest request) =>
        new ResultAction(await api.CheckNowAsync(request));
}

/// <summary>HTTP: when the last heat check ran and whether its forecast or warnings source failed.</summary>
public sealed class AdminStatusFunction(HeatCheckApi api)
{
    [Function(RouteNames.AdminStatus)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageStatus)] HttpRequest request) =>
        new ResultAction(await api.StatusAsync(request, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: who got what, by recipient id or name.</summary>
public sealed class AdminRecipientDeliveriesFunction(DeliveryApi api)
{
    [Function(RouteNames.AdminRecipientDeliveries)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageRecipientDeliveries)] HttpRequest request) =>
        new ResultAction(await api.RecipientAsync(request, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: one alert's recipients with their status.</summary>
public sealed class AdminAlertDeliveriesFunction(DeliveryApi api)
{
    [Function(RouteNames.AdminAlertDeliveries)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageAlertDeliveries)] HttpRequest request, string alertId) =>
        new ResultAction(await api.AlertAsync(request, alertId, request.HttpContext.RequestAborted));
}

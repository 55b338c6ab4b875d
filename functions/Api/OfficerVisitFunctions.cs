using HeatRelief.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: an officer's visits (officers: their own; admins: anyone's).</summary>
public sealed class ListOfficerVisitsFunction(VisitApi api)
{
    [Function(RouteNames.ListOfficerVisits)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.OfficerVisits)] HttpRequest request, string officerId) =>
        new ResultAction(await api.ListForOfficerAsync(request, officerId, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the officer takes the visit.</summary>
public sealed class AcceptVisitFunction(VisitApi api)
{
    [Function(RouteNames.AcceptVisit)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.AcceptVisit)] HttpRequest request, string id) =>
        new ResultAction(await api.AcceptAsync(request, id, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the officer cannot go (with a reason); the visit goes to the next candidate.</summary>
public sealed class DeclineVisitFunction(VisitApi api)
{
    [Function(RouteNames.DeclineVisit)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.DeclineVisit)] HttpRequest request, string id) =>
        new ResultAction(await api.DeclineAsync(request, id, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the visit is done: workers reached and supplies delivered.</summary>
public sealed class CompleteVisitFunction(VisitApi api)
{
    [Function(RouteNames.CompleteVisit)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.CompleteVisit)] HttpRequest request, string id) =>
        new ResultAction(await api.CompleteAsync(request, id, request.HttpContext.RequestAborted));
}

using HeatRelief.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: an officer's assignments (officers: their own; admins: anyone's).</summary>
public sealed class ListOfficerAssignmentsFunction(AssignmentApi api)
{
    [Function(RouteNames.ListOfficerAssignments)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.OfficerAssignments)] HttpRequest request, string officerId) =>
        new ResultAction(await api.ListForOfficerAsync(request, officerId, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the officer takes the visit.</summary>
public sealed class AcceptAssignmentFunction(AssignmentApi api)
{
    [Function(RouteNames.AcceptAssignment)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.AcceptAssignment)] HttpRequest request, string id) =>
        new ResultAction(await api.AcceptAsync(request, id, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the officer cannot go (with a reason); the visit goes to the next candidate.</summary>
public sealed class DeclineAssignmentFunction(AssignmentApi api)
{
    [Function(RouteNames.DeclineAssignment)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.DeclineAssignment)] HttpRequest request, string id) =>
        new ResultAction(await api.DeclineAsync(request, id, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the visit is done: workers reached and supplies delivered.</summary>
public sealed class CompleteAssignmentFunction(AssignmentApi api)
{
    [Function(RouteNames.CompleteAssignment)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.CompleteAssignment)] HttpRequest request, string id) =>
        new ResultAction(await api.CompleteAsync(request, id, request.HttpContext.RequestAborted));
}

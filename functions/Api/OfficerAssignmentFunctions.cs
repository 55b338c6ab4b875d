using HeatRelief.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: an officer's assignments (officers: their own; admins: anyone's).</summary>
public sealed class ListOfficerAssignmentsFunction(AssignmentApi api)
{
    [Function("ListOfficerAssignments")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "officers/{officerId}/assignments")] HttpRequest request, string officerId) =>
        new ResultAction(await api.ListForOfficerAsync(request, officerId, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: the officer takes the visit.</summary>
public sealed class AcceptAssignmentFunction(AssignmentApi api)
{
    [Function("AcceptAssignment")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/accept")] HttpRequest request, string id) =>
        new ResultAction(await api.AcceptAsync(request, id, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: the officer cannot go (with a reason); the visit goes to the next candidate.</summary>
public sealed class DeclineAssignmentFunction(AssignmentApi api)
{
    [Function("DeclineAssignment")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/decline")] HttpRequest request, string id) =>
        new ResultAction(await api.DeclineAsync(request, id, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

/// <summary>HTTP: the visit is done: workers reached and supplies delivered.</summary>
public sealed class CompleteAssignmentFunction(AssignmentApi api)
{
    [Function("CompleteAssignment")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/complete")] HttpRequest request, string id) =>
        new ResultAction(await api.CompleteAsync(request, id, request.HttpContext.RequestAborted).ConfigureAwait(false));
}

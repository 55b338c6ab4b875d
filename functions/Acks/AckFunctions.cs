using HeatRelief.Acks;
using HeatRelief.Api;
using HeatRelief.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Acks;

/// <summary>HTTP: a site manager's acknowledgement form; opening it changes nothing.</summary>
public sealed class ShowAckFormFunction(AckPages pages)
{
    [Function(RouteNames.ShowAckForm)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.AckForm)] HttpRequest request, string token) =>
        new ResultAction(await pages.ShowAsync(token, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the form sent: the site's measures recorded once per link.</summary>
public sealed class AnswerAckFunction(AckPages pages)
{
    [Function(RouteNames.AnswerAck)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.AckForm)] HttpRequest request, string token) =>
        new ResultAction(await pages.AnswerAsync(request, token, request.HttpContext.RequestAborted));
}

/// <summary>HTTP: the compliance view: a day's sites asked to confirm their heat measures, and their answers.</summary>
public sealed class AdminAcksFunction(AckApi api)
{
    [Function(RouteNames.AdminAcks)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ManageAcks)] HttpRequest request) =>
        new ResultAction(await api.DayAsync(request, request.HttpContext.RequestAborted));
}

/// <summary>Timer: remind silent sites' managers, put their visits first and tell officers, then the admins.</summary>
public sealed class FollowUpAcksFunction(AckFollowUp service, TimeProvider time)
{
    [Function(FunctionNames.FollowUpAcks)]
    public Task Run([TimerTrigger(FunctionNames.ReassignSchedule)] TimerInfo timer, FunctionContext context) =>
        service.RunAsync(time.GetUtcNow(), context.CancellationToken);
}

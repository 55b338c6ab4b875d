using HeatRelief.Api;
using HeatRelief.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Api;

/// <summary>HTTP: the signed-in officer's own page (today's and tomorrow's visits).</summary>
public sealed class OfficerPageFunction(OfficerPage page)
{
    [Function(RouteNames.OfficerPage)]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.OfficerPage)] HttpRequest request) =>
        new ResultAction(await page.ShowAsync(request, request.HttpContext.RequestAborted));
}

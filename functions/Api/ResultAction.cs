using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HeatRelief.Functions.Api;

/// <summary>Runs a shared handler's minimal-API result inside the Functions ASP.NET Core integration.</summary>
public sealed class ResultAction(IResult result) : IActionResult
{
    public IResult Result => result;

    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

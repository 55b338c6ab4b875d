using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>One HTTP route: the Functions app declares a function with this method and template, the self-host maps it.</summary>
public sealed record ApiRoute(string Name, string Method, string Template, Func<HttpContext, Task<IResult>> Handle);

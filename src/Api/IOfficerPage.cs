using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// The signed-in officer's own page as the route table serves it. Like <see cref="IDashboardPage"/>, Api names the
/// page by this interface and the Dashboard slice (which embeds the page's markup) implements it.
/// </summary>
public interface IOfficerPage
{
    Task<IResult> ShowAsync(HttpRequest request, CancellationToken ct);
}

using System.Globalization;
using HeatRelief.HeatCheck;
using HeatRelief.Warnings;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// The admins' heat-check routes: <c>POST /api/manage/heat-check</c> runs a heat check now (for a site just added),
/// and <c>GET /api/manage/status</c> says when the last check ran and whether the forecast or the warnings source
/// failed, and why. Admin role only.
/// </summary>
/// <remarks>
/// The check now runs within the request, not from a queue: a few hundred sites take seconds, well inside the
/// Functions host's 230 s HTTP limit, and the admin sees at once what it did or why it could not. It is not tied to
/// the request's cancellation: a browser closed half way does not stop a check half way (one that outlived the
/// limit still finishes, and the status route then shows its outcome). The lock of <see cref="HeatCheckRunner"/>
/// refuses it with 409 while another check, the timer's or another admin's, runs on any instance.
/// </remarks>
public sealed class HeatCheckApi(AdminApi admin, HeatCheckRunner runner, HeatCheckStore store, WarningIntake warnings, TimeProvider time)
{
    /// <summary>
    /// <c>POST /api/manage/heat-check</c> <c>{"reason": "..."}</c>. The JSON body is required: the reason goes into the
    /// audit record, and a cross-site form (which cannot send <c>application/json</c> without the browser asking first)
    /// cannot start a check with an admin's sign-in cookie.
    /// </summary>
    public async Task<IResult> CheckNowAsync(HttpRequest request)
    {
        if (admin.RequireAdmin(request, out var caller) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await RequestBodies.ReadAsync<CheckNowBody>(request, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Reason.Trim() is not { Length: > 0 and <= 200 } reason || reason.Any(char.IsControl))
        {
            return Problems.BadRequest("reason is required: 1 to 200 characters, no control characters");
        }

        try
        {
            var run = await runner.RunRequestedAsync(caller!.Name, reason, Guid.NewGuid().ToString("N"), CancellationToken.None);
            if (run.Result is not { } result)
            {
                return Problems.Conflict(run.Running is { } running
                    ? string.Create(CultureInfo.InvariantCulture, $"a heat check is already running (started by {running.Holder} at {running.Since:yyyy-MM-ddTHH:mm:ssZ}); try again when it has finished")
                    : "a heat check was running; try again");
            }

            return Results.Json(new
            {
                ran = true,
                result.SitesChecked,
                result.SitesWithoutForecast,
                result.Raised,
                result.Escalated,
                result.Cleared,
                warningSourceFailure = result.WarningSourceFailure,
            });
        }
        catch (Exception ex) when (WeatherFailureReport.IsWeatherFailure(ex))
        {
            return Problems.Status(StatusCodes.Status502BadGateway, "Weather source failed", $"the weather source failed ({WeatherFailureReport.ReasonOf(ex)}); no level was changed");
        }
    }

    public async Task<IResult> StatusAsync(HttpRequest request, CancellationToken ct)
    {
        if (admin.RequireAdmin(request, out _) is { } refused)
        {
            return refused;
        }

        var running = await store.HeldAsync(time.GetUtcNow(), ct);
        var last = await store.LastAsync(ct);
        return Results.Json(new
        {
            running = running is null ? null : new { by = running.Holder, since = running.Since },
            last = last is null ? null : new
            {
                by = last.Trigger,
                last.StartedAt,
                last.FinishedAt,
                last.Completed,
                sitesChecked = last.Result?.SitesChecked,
                sitesWithoutForecast = last.Result?.SitesWithoutForecast,
                raised = last.Result?.Raised,
                escalated = last.Result?.Escalated,
                cleared = last.Result?.Cleared,
                weather = new { failed = last.WeatherFailure is not null, reason = last.WeatherFailure },
                warnings = new { source = last.WarningSource, failed = last.WarningFailure is not null, reason = last.WarningFailure },
                error = last.Error,
            },
            warningSource = warnings.SourceName,
        });
    }

    /// <summary>The body of <c>POST /api/manage/heat-check</c>.</summary>
    public sealed record CheckNowBody
    {
        /// <summary>Why the check is needed now (a site just added), for the audit record.</summary>
        public required string Reason { get; init; }
    }
}

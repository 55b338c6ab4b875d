using HeatRelief.Visits;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>
/// The officer API, shared by both hosts: list an officer's visits, accept, decline, complete. Officers see
/// and change only their own visits; admins see and change all. JSON in and out; refusals are RFC 7807.
/// </summary>
public sealed class VisitApi(IPrincipalReader principals, SiteDirectory directory, VisitStore store, VisitActions actions)
{
    public async Task<IResult> ListForOfficerAsync(HttpRequest request, string officerId, CancellationToken ct)
    {
        var (actor, refused) = await ResolveAsync(request, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (actor!.OnlyOfficerId is { } own && own != officerId)
        {
            return Problems.Forbidden("officers can list only their own visits");
        }

        if (MessageRules.Key(officerId, "officerId") is not null || await directory.GetOfficerAsync(officerId, ct) is null)
        {
            return Problems.NotFound("no such officer");
        }

        VisitStatus? status = null;
        if (request.Query.TryGetValue("status", out var wanted) && !string.IsNullOrEmpty(wanted))
        {
            status = VisitStatusWire.FromWire(wanted.ToString());
            if (status is null || wanted.Count > 1)
            {
                return Problems.BadRequest($"status must be one of {string.Join(", ", Enum.GetValues<VisitStatus>().Select(VisitStatusWire.ToWire))}");
            }
        }

        var visits = await store.ListForOfficerAsync(officerId, status, ct);
        return Results.Json(new { officerId, visits = visits.Select(v => VisitView.From(v, actor.OnlyOfficerId is null)) });
    }

    public Task<IResult> AcceptAsync(HttpRequest request, string id, CancellationToken ct) =>
        ActAsync(request, ct, actor => actions.AcceptAsync(id, actor, ct));

    public async Task<IResult> DeclineAsync(HttpRequest request, string id, CancellationToken ct)
    {
        var (actor, refused) = await ResolveAsync(request, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (body, problem) = await RequestBodies.ReadAsync<DeclineBody>(request, ct);
        return problem ?? Respond(await actions.DeclineAsync(id, body!.Reason, actor!, ct), actor!);
    }

    public async Task<IResult> CompleteAsync(HttpRequest request, string id, CancellationToken ct)
    {
        var (actor, refused) = await ResolveAsync(request, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (body, problem) = await RequestBodies.ReadAsync<CompleteBody>(request, ct);
        return problem ?? Respond(await actions.CompleteAsync(id, new VisitReport(body!.WorkersReached, body.WaterLitres, body.SoupLitres, body.MedicineKits, body.Notes, body.MeasuresMatched), actor!, ct), actor!);
    }

    /// <summary>The acting officer or admin; 401 without a believable sign-in, 403 without a HeatRelief role.</summary>
    public async Task<(Actor? Actor, IResult? Refused)> ResolveAsync(HttpRequest request, CancellationToken ct)
    {
        var signIn = principals.Read(request);
        if (signIn.Caller is not { } caller)
        {
            return (null, Problems.Unauthorized(signIn.Problem ?? "sign in first"));
        }

        if (caller.IsAdmin)
        {
            return (new Actor($"admin:{caller.Name}", null), null);
        }

        if (caller.IsOfficer)
        {
            // A sign-in name is an identity: two records answering to one name (storage written before imports
            // refused that) make the caller ambiguous, and neither officer's visits are handed out on a guess.
            var matches = await OfficersSignedInAsAsync(caller.Name, ct);
            return matches.Count switch
            {
                0 => (null, Problems.Forbidden($"signed in as an officer, but no officer record has the sign-in name '{Clip(caller.Name)}'")),
                1 => (new Actor($"officer:{matches[0].Id}", matches[0].Id), null),
                _ => (null, Problems.Forbidden($"the sign-in name '{Clip(caller.Name)}' belongs to {matches.Count} officer records; an admin must make sign-in names unique")),
            };
        }

        return (null, Problems.Forbidden("this needs the officer or admin role"));
    }

    /// <summary>The officer records (not removed) that answer to a sign-in name, ignoring case; more than one makes the caller ambiguous.</summary>
    public async Task<IReadOnlyList<Officer>> OfficersSignedInAsAsync(string signInName, CancellationToken ct)
    {
        var officers = await directory.ListOfficersAsync(ct);
        return [.. officers.Where(o => !o.Removed && string.Equals(o.SignInName, signInName, StringComparison.OrdinalIgnoreCase))];
    }

    private async Task<IResult> ActAsync(HttpRequest request, CancellationToken ct, Func<Actor, Task<ActionOutcome>> act)
    {
        var (actor, refused) = await ResolveAsync(request, ct);
        return refused ?? Respond(await act(actor!), actor!);
    }

    private static IResult Respond(ActionOutcome outcome, Actor actor) =>
        outcome.Kind == ActionResultKind.Done ? Results.Json(VisitView.From(outcome.Visit!, actor.OnlyOfficerId is null)) : Problems.For(outcome);

    private static string Clip(string value) => value.Length > 80 ? value[..80] + "..." : value;
}

using System.Globalization;
using HeatRelief.Audit;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Visits;

/// <summary>How an officer's or admin's action on a visit ended.</summary>
public enum ActionResultKind
{
    Done,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

/// <summary>The end of an action: what happened, why not when it did not, and the visit as it now stands.</summary>
public sealed record ActionOutcome(ActionResultKind Kind, string Detail, StoredVisit? Visit = null)
{
    public static ActionOutcome Done(StoredVisit visit, string detail) => new(ActionResultKind.Done, detail, visit);
}

/// <summary>Who is acting: an actor name for the record, and the officer whose visits they may change (null: an admin, any visit).</summary>
public sealed record Actor(string Name, string? OnlyOfficerId);

/// <summary>
/// What officers (and admins on their behalf) do with a visit: accept, decline, complete. Each checks the
/// caller may act, that the change is legal from the current state, and writes with the ETag it read, so a
/// concurrent change makes the second one fail with nothing changed. A decline is offered on at once.
/// </summary>
public sealed partial class VisitActions(
    VisitStore store,
    SiteDirectory directory,
    VisitAssigner assigner,
    VisitNotifier notifier,
    AuditLog audit,
    LocalTimeText localTime,
    TimeProvider time,
    ILogger<VisitActions> logger)
{
    public const int MaxReasonLength = 500;
    public const int MaxNotesLength = 2000;

    public async Task<ActionOutcome> AcceptAsync(string id, Actor actor, CancellationToken ct)
    {
        var (stored, refused) = await LoadAsync(id, actor, ct);
        if (refused is not null)
        {
            return refused;
        }

        var a = stored!.Value;
        var now = time.GetUtcNow();
        if (a.Status != VisitStatus.Assigned)
        {
            return Illegal(a, "accepted");
        }

        if (a.AcceptBy is { } by && now >= by)
        {
            return new ActionOutcome(ActionResultKind.Conflict, $"the time to accept ran out at {localTime.DateTime(by, "en")}; the visit goes to another officer", stored);
        }

        var saved = await ChangeAsync(stored, a with { Status = VisitStatus.Accepted, UpdatedAt = now }, actor, null, ct);
        if (saved is null)
        {
            return Changed(id);
        }

        await RecordAsync(AuditKinds.VisitAccepted, saved, actor, $"Visit {id} accepted by officer {a.OfficerId}", null, ct);
        if (await directory.GetOfficerAsync(a.OfficerId!, ct) is { } officer
            && await directory.GetSiteAsync(a.SiteId, ct) is { } site)
        {
            try
            {
                await notifier.AcceptedAsync(saved.Value, officer, site, now, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogConfirmationNotSent(logger, ex, id);
            }
        }

        return ActionOutcome.Done(saved, "accepted");
    }

    public async Task<ActionOutcome> DeclineAsync(string id, string? reason, Actor actor, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not '\n'))
        {
            return new ActionOutcome(ActionResultKind.Invalid, $"reason is required: 1 to {MaxReasonLength} characters, no control characters");
        }

        var (stored, refused) = await LoadAsync(id, actor, ct);
        if (refused is not null)
        {
            return refused;
        }

        var a = stored!.Value;
        if (a.Status is not (VisitStatus.Assigned or VisitStatus.Accepted))
        {
            return Illegal(a, "declined");
        }

        var now = time.GetUtcNow();
        var declined = await ChangeAsync(stored, a with { Status = VisitStatus.Declined, DeclineReason = reason, UpdatedAt = now }, actor, reason, ct);
        if (declined is null)
        {
            return Changed(id);
        }

        await store.ReleaseAsync(a.DateKey, a.OfficerId!, a.Id, ct);
        await RecordAsync(AuditKinds.VisitDeclined, declined, actor, $"Visit {id} declined by officer {a.OfficerId}: {reason}", new { reason }, ct);

        // Offer it on now; if this fails the reassignment timer picks the declined visit up.
        await assigner.ClaimAndOfferAsync(declined, "system", $"after {a.OfficerId} declined", null, ct);

        return ActionOutcome.Done(declined, "declined");
    }

    public async Task<ActionOutcome> CompleteAsync(string id, VisitReport report, Actor actor, CancellationToken ct)
    {
        if (ReportProblem(report) is { } problem)
        {
            return new ActionOutcome(ActionResultKind.Invalid, problem);
        }

        var (stored, refused) = await LoadAsync(id, actor, ct);
        if (refused is not null)
        {
            return refused;
        }

        var a = stored!.Value;
        if (a.Status != VisitStatus.Accepted)
        {
            return Illegal(a, "completed");
        }

        var now = time.GetUtcNow();
        var saved = await ChangeAsync(stored, a with { Status = VisitStatus.Completed, Report = report with { Notes = report.Notes?.Trim() }, UpdatedAt = now }, actor, null, ct);
        if (saved is null)
        {
            return Changed(id);
        }

        await RecordAsync(AuditKinds.VisitCompleted, saved, actor,
            string.Create(CultureInfo.InvariantCulture, $"Visit {id} completed by officer {a.OfficerId}: {report.WorkersReached} workers reached, {report.WaterLitres:0.#} L water, {report.SoupLitres:0.#} L mung-bean soup, {report.MedicineKits} medicine kits"),
            new { report.WorkersReached, report.WaterLitres, report.SoupLitres, report.MedicineKits, planned = a.Plan }, ct);
        return ActionOutcome.Done(saved, "completed");
    }

    /// <summary>Why a completion report cannot be stored, or null.</summary>
    public static string? ReportProblem(VisitReport report) =>
        report.WorkersReached is < 0 or > 100_000 ? "workersReached must be a whole number from 0 to 100000"
        : !double.IsFinite(report.WaterLitres) || report.WaterLitres is < 0 or > 100_000 ? "waterLitres must be a number from 0 to 100000"
        : !double.IsFinite(report.SoupLitres) || report.SoupLitres is < 0 or > 100_000 ? "soupLitres must be a number from 0 to 100000"
        : report.MedicineKits is < 0 or > 10_000 ? "medicineKits must be a whole number from 0 to 10000"
        : report.Notes is { Length: > MaxNotesLength } ? $"notes must be at most {MaxNotesLength} characters"
        : report.Notes is { } notes && notes.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? "notes must not contain control characters"
        : null;

    /// <summary>The visit if it exists and the actor may see it; otherwise the refusal.</summary>
    public async Task<(StoredVisit? Visit, ActionOutcome? Refused)> LoadAsync(string id, Actor actor, CancellationToken ct)
    {
        var stored = Messaging.MessageRules.Key(id, "id") is null ? await store.GetAsync(id, ct) : null;
        if (stored is null)
        {
            return (null, new ActionOutcome(ActionResultKind.NotFound, $"no visit '{Clip(id)}'"));
        }

        if (actor.OnlyOfficerId is { } officerId && stored.Value.OfficerId != officerId)
        {
            return (null, new ActionOutcome(ActionResultKind.Forbidden, $"visit '{id}' is not yours"));
        }

        return (stored, null);
    }

    private Task<StoredVisit?> ChangeAsync(StoredVisit stored, Visit next, Actor actor, string? note, CancellationToken ct) =>
        store.TryUpdateAsync(stored, next,
            new VisitTransition(time.GetUtcNow(), VisitStore.Wire(stored.Value.Status), VisitStore.Wire(next.Status), actor.Name, stored.Value.OfficerId, note),
            null, stored.ClaimedUntil, ct);

    private Task RecordAsync(string kind, StoredVisit visit, Actor actor, string message, object? details, CancellationToken ct) =>
        audit.WriteAsync(new AuditRecord(kind, message, SiteId: visit.Value.SiteId, OfficerId: visit.Value.OfficerId, AlertId: visit.Value.AlertId,
            VisitId: visit.Value.Id, Actor: actor.Name, Details: details), ct);

    private static ActionOutcome Illegal(Visit a, string wanted) =>
        new(ActionResultKind.Conflict, $"visit '{a.Id}' is {VisitStore.Wire(a.Status)} and cannot be {wanted}");

    private static ActionOutcome Changed(string id) =>
        new(ActionResultKind.Conflict, $"visit '{id}' was changed by someone else at the same moment; reload and try again");

    private static string Clip(string? value) => value is null ? string.Empty : value.Length > 80 ? value[..80] + "..." : value;

    [LoggerMessage(EventId = 5201, EventName = "ConfirmationNotSent", Level = LogLevel.Warning, Message = "Confirmation with the completion link for visit {VisitId} not sent")]
    private static partial void LogConfirmationNotSent(ILogger logger, Exception error, string visitId);
}

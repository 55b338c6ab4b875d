using HeatRelief.Audit;
using HeatRelief.Sites;

namespace HeatRelief.Visits;

/// <summary>
/// What officers (and admins on their behalf) do with a visit: accept, decline, complete. Each checks the
/// caller may act, asks the visit for the move (which refuses an illegal one), and writes with the ETag it read,
/// so a concurrent change makes the second one fail with nothing changed. A decline is offered on at once.
/// </summary>
public sealed class VisitActions(
    VisitStore store,
    SiteDirectory directory,
    VisitAssigner assigner,
    VisitNotices notices,
    VisitJournal journal,
    LocalTimeText localTime,
    TimeProvider time)
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
        var (saved, refusal) = await MoveAsync(stored, () => a.Accept(now, actor.Name), ct);
        if (saved is null)
        {
            return refusal!;
        }

        await journal.AcceptedAsync(saved.Value, actor.Name, ct);
        if (await directory.GetOfficerAsync(a.OfficerId!, ct) is { } officer
            && await directory.GetSiteAsync(a.SiteId, ct) is { } site)
        {
            await notices.ConfirmAcceptedAsync(saved.Value, officer, site, now, ct);
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
        var (declined, refusal) = await MoveAsync(stored, () => a.Decline(reason, time.GetUtcNow(), actor.Name), ct);
        if (declined is null)
        {
            return refusal!;
        }

        await journal.DeclinedAsync(declined.Value, reason, actor.Name, ct);

        // Offer it on now; if this fails the reassignment timer picks the declined visit up.
        await assigner.OfferOnAsync(declined, a.OfficerId!, $"after {a.OfficerId} declined", ct);

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
        var (saved, refusal) = await MoveAsync(stored, () => a.Complete(report, time.GetUtcNow(), actor.Name), ct);
        if (saved is null)
        {
            return refusal!;
        }

        await journal.CompletedAsync(saved.Value, report, actor.Name, ct);
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

    /// <summary>Makes the move and writes it with the ETag read; a refused move or a concurrent change is a conflict.</summary>
    private async Task<(StoredVisit? Saved, ActionOutcome? Refusal)> MoveAsync(StoredVisit stored, Func<(Visit Next, VisitTransition Step)> move, CancellationToken ct)
    {
        Visit next;
        VisitTransition step;
        try
        {
            (next, step) = move();
        }
        catch (VisitMoveRefusedException ex)
        {
            var detail = ex.AnswerDueBy is { } by
                ? $"the time to accept ran out at {localTime.DateTime(by, "en")}; the visit goes to another officer"
                : ex.Message;
            return (null, new ActionOutcome(ActionResultKind.Conflict, detail, ex.AnswerDueBy is null ? null : stored));
        }

        var saved = await store.TryUpdateAsync(stored, next, step, null, stored.ClaimedUntil, ct);
        return saved is null
            ? (null, new ActionOutcome(ActionResultKind.Conflict, $"visit '{stored.Value.Id}' was changed by someone else at the same moment; reload and try again"))
            : (saved, null);
    }

    private static string Clip(string? value) => value is null ? string.Empty : value.Length > 80 ? value[..80] + "..." : value;
}

using System.Globalization;
using HeatRelief.Heat;

namespace HeatRelief.Visits;

/// <summary>
/// One officer's cooling-relief visit to one site on one heat day. The id is deterministic
/// (<c>{siteId}_{yyyyMMdd}</c>), so a redelivered visit request can never make a second one.
/// </summary>
public sealed record Visit(
    string Id,
    string SiteId,
    DateOnly Date,
    string AlertId,
    HeatLevel Level,
    int OutdoorWorkers,
    VisitStatus Status,
    string? OfficerId,
    int Attempt,
    IReadOnlyList<string> TriedOfficers,
    DateTimeOffset? AcceptBy,
    DateTimeOffset? NotifiedAt,
    DateTimeOffset? AdminsNotifiedAt,
    SupplyPlan Plan,
    VisitReport? Report,
    string? DeclineReason,
    DateTimeOffset UpdatedAt)
{
    public string DateKey => Alerts.Alert.DateKeyOf(Date);

    /// <summary>
    /// When the site was found not to have confirmed its heat measures (silent past the escalation time, or working
    /// outdoors at red); such a visit is offered before the day's other waiting visits. Null while it has not.
    /// </summary>
    public DateTimeOffset? MeasuresUnconfirmedAt { get; init; }

    /// <summary>
    /// The hottest hours and cited warning of the alert that asked for the visit (its latest, after a level was raised);
    /// null on visits recorded before it was kept, whose offer reads the alert.
    /// </summary>
    public VisitHeat? Heat { get; init; }

    /// <summary>
    /// Sites that have not confirmed their heat measures first, then higher level, then more outdoor workers: who is
    /// served first when officers run short.
    /// </summary>
    public (int Unconfirmed, int Level, int Workers) Priority => (MeasuresUnconfirmedAt is null ? 0 : 1, (int)Level, OutdoorWorkers);

    /// <summary>The site has not confirmed its heat measures: its visit comes first from now on.</summary>
    public Visit MeasuresUnconfirmed(DateTimeOffset at) => this with { MeasuresUnconfirmedAt = MeasuresUnconfirmedAt ?? at, UpdatedAt = at };

    public static string IdFor(string siteId, DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{siteId}_{date:yyyyMMdd}");

    /// <summary>The heat day a visit id names, or null when the id is not one.</summary>
    public static DateOnly? DateOf(string id)
    {
        var cut = id.LastIndexOf('_');
        return cut > 0 && DateOnly.TryParseExact(id[(cut + 1)..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>Still needs an officer (or a decision by an admin).</summary>
    public bool NeedsOfficer => Status is VisitStatus.Pending or VisitStatus.Declined or VisitStatus.Expired or VisitStatus.Unassigned;

    /// <summary>The state machine in one table: whether a move is legal from a state.</summary>
    public static bool IsLegal(VisitMove move, VisitStatus from) => move switch
    {
        VisitMove.Offer or VisitMove.MarkUnassigned or VisitMove.Escalate =>
            from is VisitStatus.Pending or VisitStatus.Declined or VisitStatus.Expired or VisitStatus.Unassigned,
        VisitMove.Accept or VisitMove.Expire => from == VisitStatus.Assigned,
        VisitMove.Decline => from is VisitStatus.Assigned or VisitStatus.Accepted,
        VisitMove.Complete => from == VisitStatus.Accepted,
        VisitMove.RaiseLevel => true,
        _ => false,
    };

    /// <summary>How a move reads after "cannot be", in refusals.</summary>
    public static string Done(VisitMove move) => move switch
    {
        VisitMove.Offer => "offered",
        VisitMove.Accept => "accepted",
        VisitMove.Decline => "declined",
        VisitMove.Expire => "expired",
        VisitMove.Complete => "completed",
        VisitMove.MarkUnassigned => "marked unassigned",
        VisitMove.Escalate => "escalated",
        _ => "raised",
    };

    /// <summary>A new visit, pending, for a site's heat day as an alert asked for it.</summary>
    public static (Visit Next, VisitTransition Step) Request(string siteId, DateOnly date, string alertId, HeatLevel level, int outdoorWorkers, SupplyPlan plan, DateTimeOffset now, string actor, VisitHeat? heat = null)
    {
        var visit = new Visit(IdFor(siteId, date), siteId, date, alertId, level, outdoorWorkers, VisitStatus.Pending, null, 0, [], null, null, null, plan, null, null, now) { Heat = heat };
        return (visit, new VisitTransition(now, "-", VisitStatus.Pending.ToWire(), actor, null, $"alert {alertId}"));
    }

    /// <summary>Offers the visit to an officer, who must answer by <paramref name="acceptBy"/>.</summary>
    public (Visit Next, VisitTransition Step) Offer(string officerId, DateTimeOffset acceptBy, DateTimeOffset now, string actor, string note) =>
        Move(VisitMove.Offer, this with
        {
            Status = VisitStatus.Assigned,
            OfficerId = officerId,
            Attempt = Attempt + 1,
            TriedOfficers = [.. TriedOfficers, officerId],
            AcceptBy = acceptBy,
            NotifiedAt = null,
            UpdatedAt = now,
        }, now, actor, officerId, note);

    /// <summary>The offered officer will go; refused once the answer was due.</summary>
    public (Visit Next, VisitTransition Step) Accept(DateTimeOffset now, string actor)
    {
        Require(VisitMove.Accept);
        if (AcceptBy is { } by && now >= by)
        {
            throw new VisitMoveRefusedException(this, VisitMove.Accept, by);
        }

        return Move(VisitMove.Accept, this with { Status = VisitStatus.Accepted, UpdatedAt = now }, now, actor, OfficerId, null);
    }

    /// <summary>The officer says no, before or after accepting.</summary>
    public (Visit Next, VisitTransition Step) Decline(string reason, DateTimeOffset now, string actor) =>
        Move(VisitMove.Decline, this with { Status = VisitStatus.Declined, DeclineReason = reason, UpdatedAt = now }, now, actor, OfficerId, reason);

    /// <summary>The officer did not answer by the time it was due; refused before then.</summary>
    public (Visit Next, VisitTransition Step) Expire(DateTimeOffset now, string actor, string note)
    {
        Require(VisitMove.Expire);
        if (AcceptBy is not { } by || by > now)
        {
            throw new VisitMoveRefusedException(this, VisitMove.Expire);
        }

        return Move(VisitMove.Expire, this with { Status = VisitStatus.Expired, UpdatedAt = now }, now, actor, OfficerId, note);
    }

    /// <summary>The visit took place; the report's notes are kept trimmed.</summary>
    public (Visit Next, VisitTransition Step) Complete(VisitReport report, DateTimeOffset now, string actor) =>
        Move(VisitMove.Complete, this with { Status = VisitStatus.Completed, Report = report with { Notes = report.Notes?.Trim() }, UpdatedAt = now }, now, actor, OfficerId, null);

    /// <summary>
    /// No officer had room. A visit already unassigned stays so without a new step, and keeps the time admins
    /// were told (they are not told again); any other state moves, and admins are to be told.
    /// </summary>
    public (Visit Next, VisitTransition? Step) MarkUnassigned(DateTimeOffset now, string actor, string note)
    {
        Require(VisitMove.MarkUnassigned);
        var next = WithoutOfficer(VisitStatus.Unassigned, now);
        return Status == VisitStatus.Unassigned
            ? (next with { AdminsNotifiedAt = AdminsNotifiedAt }, null)
            : Move(VisitMove.MarkUnassigned, next, now, actor, null, note);
    }

    /// <summary>Too many officers were tried; admins must act (and are to be told).</summary>
    public (Visit Next, VisitTransition Step) Escalate(DateTimeOffset now, string actor, string note) =>
        Move(VisitMove.Escalate, WithoutOfficer(VisitStatus.Escalated, now), now, actor, null, note);

    /// <summary>An escalated alert for a site that already has a visit: same state and officer, higher level.</summary>
    public (Visit Next, VisitTransition Step) RaiseLevel(HeatLevel level, string alertId, DateTimeOffset now, string actor, VisitHeat? heat = null)
    {
        if (level <= Level)
        {
            throw new VisitMoveRefusedException(this, VisitMove.RaiseLevel);
        }

        return Move(VisitMove.RaiseLevel, this with { Level = level, AlertId = alertId, Heat = heat ?? Heat, UpdatedAt = now }, now, actor, OfficerId,
            $"level raised to {level.ToString().ToLowerInvariant()} by alert {alertId}");
    }

    /// <summary>The officer's offer went out (no change of state).</summary>
    public Visit OfficerNotified(DateTimeOffset now) => this with { NotifiedAt = now };

    /// <summary>Admins were told the visit has no officer (no change of state).</summary>
    public Visit AdminsNotified(DateTimeOffset now) => this with { AdminsNotifiedAt = now };

    private Visit WithoutOfficer(VisitStatus status, DateTimeOffset now) =>
        this with { Status = status, OfficerId = null, AcceptBy = null, AdminsNotifiedAt = null, UpdatedAt = now };

    private (Visit Next, VisitTransition Step) Move(VisitMove move, Visit next, DateTimeOffset now, string actor, string? officerId, string? note)
    {
        Require(move);
        return (next, new VisitTransition(now, Status.ToWire(), next.Status.ToWire(), actor, officerId, note));
    }

    /// <summary>The one place an illegal move is refused.</summary>
    private void Require(VisitMove move)
    {
        if (!IsLegal(move, Status))
        {
            throw new VisitMoveRefusedException(this, move);
        }
    }
}

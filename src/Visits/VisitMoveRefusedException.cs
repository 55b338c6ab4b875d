namespace HeatRelief.Visits;

/// <summary>
/// A move a visit cannot make from its current state (or, for an accept, after its answer was due). The one
/// way every move on <see cref="Visit"/> is refused; callers turn it into their answer (an HTTP 409, a page).
/// </summary>
public sealed class VisitMoveRefusedException(Visit visit, VisitMove move, DateTimeOffset? answerDueBy = null)
    : InvalidOperationException(answerDueBy is { } by
        ? $"the time to accept visit '{visit.Id}' ran out at {by:u}"
        : $"visit '{visit.Id}' is {visit.Status.ToWire()} and cannot be {Visit.Done(move)}")
{
    public Visit Visit { get; } = visit;

    public VisitMove Move { get; } = move;

    /// <summary>Set when an accept came after the answer was due (the state itself allowed it).</summary>
    public DateTimeOffset? AnswerDueBy { get; } = answerDueBy;
}

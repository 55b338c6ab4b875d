using HeatRelief.Heat;
using HeatRelief.Visits;

namespace HeatRelief.Tests.Unit;

/// <summary>Every (state, move) pair of a visit: legal moves give the next state and the recorded step, the rest are refused.</summary>
public sealed class VisitStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);

    /// <summary>The state machine as the officers' flow needs it, written out by hand (null: refused).</summary>
    private static readonly Dictionary<(VisitStatus From, VisitMove Move), VisitStatus?> Table = Build(
        //                       Offer                  Accept                Decline               Expire               Complete               MarkUnassigned          Escalate               RaiseLevel
        (VisitStatus.Pending,    [VisitStatus.Assigned, null,                 null,                 null,                null,                  VisitStatus.Unassigned, VisitStatus.Escalated, VisitStatus.Pending]),
        (VisitStatus.Assigned,   [null,                 VisitStatus.Accepted, VisitStatus.Declined, VisitStatus.Expired, null,                  null,                   null,                  VisitStatus.Assigned]),
        (VisitStatus.Accepted,   [null,                 null,                 VisitStatus.Declined, null,                VisitStatus.Completed, null,                   null,                  VisitStatus.Accepted]),
        (VisitStatus.Declined,   [VisitStatus.Assigned, null,                 null,                 null,                null,                  VisitStatus.Unassigned, VisitStatus.Escalated, VisitStatus.Declined]),
        (VisitStatus.Expired,    [VisitStatus.Assigned, null,                 null,                 null,                null,                  VisitStatus.Unassigned, VisitStatus.Escalated, VisitStatus.Expired]),
        (VisitStatus.Completed,  [null,                 null,                 null,                 null,                null,                  null,                   null,                  VisitStatus.Completed]),
        (VisitStatus.Unassigned, [VisitStatus.Assigned, null,                 null,                 null,                null,                  VisitStatus.Unassigned, VisitStatus.Escalated, VisitStatus.Unassigned]),
        (VisitStatus.Escalated,  [null,                 null,                 null,                 null,                null,                  null,                   null,                  VisitStatus.Escalated]));

    public static TheoryData<VisitStatus, VisitMove> Pairs()
    {
        var data = new TheoryData<VisitStatus, VisitMove>();
        foreach (var status in Enum.GetValues<VisitStatus>())
        {
            foreach (var move in Enum.GetValues<VisitMove>())
            {
                data.Add(status, move);
            }
        }

        return data;
    }

    [Fact]
    public void Table_CoversEveryStateAndMove()
    {
        Table.Count.ShouldBe(Enum.GetValues<VisitStatus>().Length * Enum.GetValues<VisitMove>().Length);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Visit_Move_GivesNextStateAndStepOrIsRefused(VisitStatus from, VisitMove move)
    {
        var visit = In(from, move);
        var expected = Table[(from, move)];
        Visit.IsLegal(move, from).ShouldBe(expected is not null);
        if (expected is not { } to)
        {
            var refused = Should.Throw<VisitMoveRefusedException>(() => Apply(visit, move));
            refused.Message.ShouldBe($"visit '{visit.Id}' is {from.ToWire()} and cannot be {Visit.Done(move)}");
            refused.Move.ShouldBe(move);
            refused.AnswerDueBy.ShouldBeNull();
            return;
        }

        var (next, step) = Apply(visit, move);
        next.Status.ShouldBe(to);
        next.UpdatedAt.ShouldBe(Now);
        next.Id.ShouldBe(visit.Id);
        if (from == VisitStatus.Unassigned && move == VisitMove.MarkUnassigned)
        {
            // Still nobody: no new step, and admins who were told are not told again.
            step.ShouldBeNull();
            next.AdminsNotifiedAt.ShouldBe(visit.AdminsNotifiedAt);
            return;
        }

        step.ShouldBe(new VisitTransition(Now, from.ToWire(), to.ToWire(), "actor", ExpectedOfficer(visit, move), ExpectedNote(move)));
        switch (move)
        {
            case VisitMove.Offer:
                next.OfficerId.ShouldBe("OF-2");
                next.Attempt.ShouldBe(visit.Attempt + 1);
                next.TriedOfficers.ShouldBe([.. visit.TriedOfficers, "OF-2"]);
                next.AcceptBy.ShouldBe(Now.AddHours(1));
                next.NotifiedAt.ShouldBeNull();
                break;
            case VisitMove.Decline:
                next.DeclineReason.ShouldBe("van broke down");
                next.OfficerId.ShouldBe(visit.OfficerId);
                break;
            case VisitMove.Complete:
                next.Report.ShouldBe(new VisitReport(30, 45, 15, 3, "all well"));
                break;
            case VisitMove.MarkUnassigned or VisitMove.Escalate:
                next.OfficerId.ShouldBeNull();
                next.AcceptBy.ShouldBeNull();
                next.AdminsNotifiedAt.ShouldBeNull();
                break;
            case VisitMove.RaiseLevel:
                next.Level.ShouldBe(HeatLevel.Red);
                next.AlertId.ShouldBe("A-RED");
                next.OfficerId.ShouldBe(visit.OfficerId);
                break;
            default:
                next.OfficerId.ShouldBe(visit.OfficerId);
                break;
        }
    }

    [Fact]
    public void Visit_Accept_IsRefusedOnceTheAnswerWasDue()
    {
        var visit = In(VisitStatus.Assigned, VisitMove.Accept) with { AcceptBy = Now };
        var refused = Should.Throw<VisitMoveRefusedException>(() => visit.Accept(Now, "actor"));
        refused.AnswerDueBy.ShouldBe(Now);
        Should.NotThrow(() => visit.Accept(Now.AddSeconds(-1), "actor"));
    }

    [Fact]
    public void Visit_Expire_IsRefusedBeforeTheAnswerWasDue()
    {
        var visit = In(VisitStatus.Assigned, VisitMove.Expire) with { AcceptBy = Now.AddSeconds(1) };
        Should.Throw<VisitMoveRefusedException>(() => visit.Expire(Now, "actor", "late")).AnswerDueBy.ShouldBeNull();
        visit.Expire(Now.AddSeconds(1), "actor", "late").Next.Status.ShouldBe(VisitStatus.Expired);
    }

    [Fact]
    public void Visit_RaiseLevel_IsRefusedForTheSameOrALowerLevel()
    {
        var visit = In(VisitStatus.Assigned, VisitMove.RaiseLevel) with { Level = HeatLevel.Red };
        Should.Throw<VisitMoveRefusedException>(() => visit.RaiseLevel(HeatLevel.Red, "A-2", Now, "actor"));
        Should.Throw<VisitMoveRefusedException>(() => visit.RaiseLevel(HeatLevel.Orange, "A-2", Now, "actor"));
    }

    [Fact]
    public void Visit_Request_IsPendingWithItsFirstStep()
    {
        var (visit, step) = Visit.Request("S1", new DateOnly(2026, 7, 15), "A-1", HeatLevel.Orange, 40, new SupplyPlan(60, 20, 4), Now, "system");
        visit.Id.ShouldBe("S1_20260715");
        visit.Status.ShouldBe(VisitStatus.Pending);
        visit.Attempt.ShouldBe(0);
        step.ShouldBe(new VisitTransition(Now, "-", "pending", "system", null, "alert A-1"));
    }

    [Fact]
    public void Visit_Notified_ChangesNoState()
    {
        var visit = In(VisitStatus.Assigned, VisitMove.Accept);
        visit.OfficerNotified(Now).ShouldBe(visit with { NotifiedAt = Now });
        visit.AdminsNotified(Now).ShouldBe(visit with { AdminsNotifiedAt = Now });
    }

    private static (Visit Next, VisitTransition? Step) Apply(Visit visit, VisitMove move) => move switch
    {
        VisitMove.Offer => visit.Offer("OF-2", Now.AddHours(1), Now, "actor", "nearest"),
        VisitMove.Accept => visit.Accept(Now, "actor"),
        VisitMove.Decline => visit.Decline("van broke down", Now, "actor"),
        VisitMove.Expire => visit.Expire(Now, "actor", "not accepted in time"),
        VisitMove.Complete => visit.Complete(new VisitReport(30, 45, 15, 3, "  all well \n"), Now, "actor"),
        VisitMove.MarkUnassigned => visit.MarkUnassigned(Now, "actor", "nobody free"),
        VisitMove.Escalate => visit.Escalate(Now, "actor", "three declined"),
        VisitMove.RaiseLevel => visit.RaiseLevel(HeatLevel.Red, "A-RED", Now, "actor"),
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    private static string? ExpectedOfficer(Visit visit, VisitMove move) => move switch
    {
        VisitMove.Offer => "OF-2",
        VisitMove.MarkUnassigned or VisitMove.Escalate => null,
        _ => visit.OfficerId,
    };

    private static string? ExpectedNote(VisitMove move) => move switch
    {
        VisitMove.Offer => "nearest",
        VisitMove.Decline => "van broke down",
        VisitMove.Expire => "not accepted in time",
        VisitMove.MarkUnassigned => "nobody free",
        VisitMove.Escalate => "three declined",
        VisitMove.RaiseLevel => "level raised to red by alert A-RED",
        _ => null,
    };

    /// <summary>A visit in a state, with an answer due after now for an accept and before now for anything else.</summary>
    private static Visit In(VisitStatus status, VisitMove move)
    {
        var withOfficer = status is VisitStatus.Assigned or VisitStatus.Accepted or VisitStatus.Declined or VisitStatus.Completed;
        return new Visit("S1_20260715", "S1", new DateOnly(2026, 7, 15), "A-1", HeatLevel.Yellow, 40, status,
            withOfficer ? "OF-1" : null, withOfficer ? 1 : 0, withOfficer ? ["OF-1"] : [],
            move == VisitMove.Accept ? Now.AddMinutes(30) : Now.AddMinutes(-1),
            Now.AddHours(-1), status == VisitStatus.Unassigned ? Now.AddMinutes(-5) : null,
            new SupplyPlan(60, 20, 4), null, null, Now.AddHours(-1));
    }

    private static Dictionary<(VisitStatus, VisitMove), VisitStatus?> Build(params (VisitStatus From, VisitStatus?[] To)[] rows)
    {
        var moves = Enum.GetValues<VisitMove>();
        var table = new Dictionary<(VisitStatus, VisitMove), VisitStatus?>();
        foreach (var (from, to) in rows)
        {
            to.Length.ShouldBe(moves.Length);
            for (var i = 0; i < moves.Length; i++)
            {
                table.Add((from, moves[i]), to[i]);
            }
        }

        return table;
    }
}

using HeatRelief.Alerts;
using HeatRelief.Heat;

namespace HeatRelief.Tests.Unit;

/// <summary>Raise, escalate and clear rules, and the deterministic alert ids they produce.</summary>
public sealed class AlertLifecycleTests
{
    private const int Beijing = 8 * 3600;
    private static readonly DateOnly Day = new(2026, 7, 15);
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 0, 30, 0, TimeSpan.Zero);

    private static HeatGrade Grade(HeatLevel level, bool complete = true) => new(
        Day, level, level, 36.0, 35.0, HeatIndexBand.Moderate, null, WorkAdvice.RotateShifts, 24, complete, "test");

    private static (Alert? Alert, AlertState State) Decide(AlertState state, HeatLevel level, bool complete = true) =>
        AlertLifecycle.Decide("S1", state, Grade(level, complete), Beijing, Now);

    [Fact]
    public void AlertLifecycle_Decide_RaisesFirstLevel()
    {
        var (alert, state) = Decide(AlertState.Initial, HeatLevel.Orange);

        alert.ShouldNotBeNull();
        alert.Kind.ShouldBe(AlertKind.Raised);
        alert.Id.ShouldBe("S1_20260715_orange");
        alert.Level.ShouldBe(HeatLevel.Orange);
        alert.PreviousLevel.ShouldBe(HeatLevel.None);
        alert.DateKey.ShouldBe("2026-07-15");
        alert.UtcOffsetSeconds.ShouldBe(Beijing);
        alert.CreatedAt.ShouldBe(Now);
        state.ShouldBe(new AlertState(HeatLevel.Orange, "S1_20260715_orange", 0));
    }

    [Fact]
    public void AlertLifecycle_Decide_SendsNothingForSameLevelAgain()
    {
        var raised = new AlertState(HeatLevel.Orange, "S1_20260715_orange", 0);

        var (alert, state) = Decide(raised, HeatLevel.Orange);

        alert.ShouldBeNull();
        state.ShouldBe(raised);
    }

    [Fact]
    public void AlertLifecycle_Decide_EscalatesToHigherLevelWithNewId()
    {
        var raised = new AlertState(HeatLevel.Yellow, "S1_20260715_yellow", 0);

        var (alert, state) = Decide(raised, HeatLevel.Red);

        alert.ShouldNotBeNull();
        alert.Kind.ShouldBe(AlertKind.Escalated);
        alert.Id.ShouldBe("S1_20260715_red");
        alert.PreviousLevel.ShouldBe(HeatLevel.Yellow);
        state.ShouldBe(new AlertState(HeatLevel.Red, "S1_20260715_red", 0));
    }

    [Fact]
    public void AlertLifecycle_Decide_SendsNothingForLowerLevelAboveNone()
    {
        // Recipients keep the stricter advice for the day.
        var raised = new AlertState(HeatLevel.Red, "S1_20260715_red", 0);

        var (alert, state) = Decide(raised, HeatLevel.Yellow);

        alert.ShouldBeNull();
        state.ShouldBe(raised);
    }

    [Fact]
    public void AlertLifecycle_Decide_ClearsOnCompleteNone()
    {
        var raised = new AlertState(HeatLevel.Orange, "S1_20260715_orange", 0);

        var (alert, state) = Decide(raised, HeatLevel.None);

        alert.ShouldNotBeNull();
        alert.Kind.ShouldBe(AlertKind.Cleared);
        alert.Id.ShouldBe("S1_20260715_clear");
        alert.Level.ShouldBe(HeatLevel.None);
        alert.PreviousLevel.ShouldBe(HeatLevel.Orange);
        state.ShouldBe(new AlertState(HeatLevel.None, "S1_20260715_clear", 1));
    }

    [Fact]
    public void AlertLifecycle_Decide_NeverClearsOnIncompleteData()
    {
        var raised = new AlertState(HeatLevel.Orange, "S1_20260715_orange", 0);

        var (alert, state) = Decide(raised, HeatLevel.None, complete: false);

        alert.ShouldBeNull();
        state.ShouldBe(raised);
    }

    [Fact]
    public void AlertLifecycle_Decide_SendsNothingForNoneWhenNothingWasRaised()
    {
        var (alert, state) = Decide(AlertState.Initial, HeatLevel.None);

        alert.ShouldBeNull();
        state.ShouldBe(AlertState.Initial);
    }

    [Fact]
    public void AlertLifecycle_Decide_AddsGenerationSuffixWhenRaisingAfterAClear()
    {
        var cleared = new AlertState(HeatLevel.None, "S1_20260715_clear", 1);

        var (alert, state) = Decide(cleared, HeatLevel.Orange);

        alert.ShouldNotBeNull();
        alert.Kind.ShouldBe(AlertKind.Raised);
        alert.Id.ShouldBe("S1_20260715_orange-1");
        state.ShouldBe(new AlertState(HeatLevel.Orange, "S1_20260715_orange-1", 1));
    }

    [Fact]
    public void AlertLifecycle_Decide_SecondClearCarriesGenerationSuffix()
    {
        var raisedAgain = new AlertState(HeatLevel.Orange, "S1_20260715_orange-1", 1);

        var (alert, state) = Decide(raisedAgain, HeatLevel.None);

        alert.ShouldNotBeNull();
        alert.Id.ShouldBe("S1_20260715_clear-1");
        state.ClearCount.ShouldBe(2);
    }

    [Fact]
    public void Alert_BypassesQuietHours_OnlyForRedThatIsNotAClear()
    {
        var red = Decide(AlertState.Initial, HeatLevel.Red).Alert;
        var orange = Decide(AlertState.Initial, HeatLevel.Orange).Alert;
        var clearOfRed = Decide(new AlertState(HeatLevel.Red, "S1_20260715_red", 0), HeatLevel.None).Alert;

        red.ShouldNotBeNull().BypassesQuietHours.ShouldBeTrue();
        orange.ShouldNotBeNull().BypassesQuietHours.ShouldBeFalse();
        clearOfRed.ShouldNotBeNull().BypassesQuietHours.ShouldBeFalse();
    }
}

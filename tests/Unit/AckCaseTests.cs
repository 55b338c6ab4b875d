using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Visits;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// A site's acknowledgement case: which follow-up steps silence leads to and when, what an answer stops, what a red
/// answer with people outdoors starts at once, and its links, which are never taken for an officer's link.
/// </summary>
public sealed class AckCaseTests
{
    private static readonly DateTimeOffset Asked = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero); // 10:00 in Beijing

    private static readonly AckOptions Options = new() { DueMinutes = 60, EscalateMinutes = 120 };

    private static AckCase Case(HeatLevel level = HeatLevel.Red, TimeOnly? hottest = null) =>
        new("S1", new DateOnly(2026, 7, 15), "S1_20260715_red", level, 8 * 3600, hottest ?? new TimeOnly(14, 0), Asked);

    [Theory]
    [InlineData(59, "")]
    [InlineData(60, "Remind")]
    [InlineData(120, "Remind Escalate")]
    [InlineData(240, "Remind Escalate TellAdmins")]
    public void DueSteps_Silence_RemindThenEscalateThenAdminsAtTheHottestHours(int minutes, string expected)
    {
        string.Join(' ', Case().DueSteps(Asked.AddMinutes(minutes), Options)).ShouldBe(expected);
    }

    [Fact]
    public void DueSteps_StepsTaken_AreNotDueAgain_AndAClaimHoldsTheOthersBack()
    {
        var now = Asked.AddMinutes(130);
        var reminded = Case().Done(AckStep.Remind, Asked.AddMinutes(61));
        reminded.DueSteps(now, Options).ShouldBe([AckStep.Escalate]);
        reminded.Claimed(AckStep.Escalate, now.AddMinutes(5)).DueSteps(now, Options).ShouldBeEmpty("someone is taking the step");
        reminded.Claimed(AckStep.Escalate, now.AddMinutes(-1)).DueSteps(now, Options).ShouldBe([AckStep.Escalate], "a crashed claimant's step is taken over");
        reminded.Done(AckStep.Escalate, now).DueSteps(now, Options).ShouldBeEmpty("the hottest hours (14:00) have not started");
    }

    [Fact]
    public void DueSteps_AdminsNeverBeforeTheReminder_EvenWhenAskedAfterTheHottestHoursStarted()
    {
        var late = Case(hottest: new TimeOnly(9, 0));
        late.DueSteps(Asked.AddMinutes(30), Options).ShouldBeEmpty("the site has had no reminder yet");
        late.DueSteps(Asked.AddMinutes(60), Options).ShouldBe([AckStep.Remind, AckStep.TellAdmins]);
    }

    [Fact]
    public void DueSteps_AskedTheEveningBefore_CountsFromTheWorkdayStart()
    {
        var evening = Case() with { RequestedAt = new DateTimeOffset(2026, 7, 14, 21, 30, 0, TimeSpan.FromHours(8)) };
        evening.DueSteps(new DateTimeOffset(2026, 7, 15, 7, 59, 0, TimeSpan.FromHours(8)), Options).ShouldBeEmpty("nobody is reminded in the night");
        evening.DueSteps(new DateTimeOffset(2026, 7, 15, 8, 0, 0, TimeSpan.FromHours(8)), Options).ShouldBe([AckStep.Remind]);
    }

    [Fact]
    public void DueSteps_NoHottestWindow_UsesTheConfiguredHour()
    {
        var unknown = Case() with { HottestStart = null };
        unknown.HottestStartsAt(Options).ShouldBe(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.FromHours(8)));
    }

    [Fact]
    public void DueSteps_Answered_NothingMore_UnlessWorkContinuesAtRed()
    {
        var later = Asked.AddHours(5);
        var stopped = new AckAnswer("M1", [AckMeasure.OutdoorWorkStopped], null, 0, Asked.AddMinutes(5));
        Case().Answered(stopped).DueSteps(later, Options).ShouldBeEmpty();

        var continues = new AckAnswer("M1", [AckMeasure.WaterShadeRest], null, 12, Asked.AddMinutes(5));
        Case().Answered(continues).DueSteps(Asked.AddMinutes(6), Options).ShouldBe([AckStep.Escalate, AckStep.TellAdmins], "at once");
        Case(HeatLevel.Orange).Answered(continues).DueSteps(later, Options).ShouldBeEmpty("at orange, limited outdoor work is allowed");

        var outdoorsAnyway = new AckAnswer("M1", [AckMeasure.OutdoorWorkStopped], null, 3, Asked.AddMinutes(5));
        outdoorsAnyway.BreaksRule(HeatLevel.Red).ShouldBeTrue("stopped, yet three outdoors now");

        var updated = Case().Answered(stopped).Answered(continues);
        updated.Answer.ShouldBe(stopped, "the first answer counts");
        updated.Latest.ShouldBe(continues);
        updated.DueSteps(later, Options).ShouldBe([AckStep.Escalate, AckStep.TellAdmins], "an update that says work continues escalates too");
    }

    [Fact]
    public void DueSteps_ClosedOrDayOver_Nothing()
    {
        Case().Follow(Cleared()).DueSteps(Asked.AddHours(5), Options).ShouldBeEmpty();
        Case().DueSteps(new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8)), Options).ShouldBeEmpty();
    }

    [Fact]
    public void Follow_HigherLevelAsksAgain_ClearCloses_RaiseReopens()
    {
        var orange = Case(HeatLevel.Orange).Done(AckStep.Remind, Asked.AddMinutes(61));
        var red = orange.Follow(Raised(HeatLevel.Red, AlertKind.Escalated));
        (red.Level, red.AlertId, red.RemindedAt).ShouldBe((HeatLevel.Red, "S1_20260715_red-x", orange.RemindedAt));
        red.Follow(Raised(HeatLevel.Orange, AlertKind.Raised)).ShouldBeSameAs(red, "a lower level changes nothing");
        var closed = red.Follow(Cleared());
        closed.Closed.ShouldBeTrue();
        closed.Follow(Raised(HeatLevel.Orange, AlertKind.Raised)).Closed.ShouldBeFalse();
    }

    [Fact]
    public void AckLinks_RoundTrip_AndNeverTakenForAnOfficersLink()
    {
        var clock = new FakeTimeProvider(Asked);
        var options = Microsoft.Extensions.Options.Options.Create(new VisitOptions { LinkSigningKey = new string('k', 32) });
        var acks = new AckLinks(options, clock);
        var actions = new ActionLinks(options, clock);
        var expires = new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8));

        var token = acks.Create("S1", new DateOnly(2026, 7, 15), "M1", expires);
        var (link, refusal) = acks.Verify(token);
        refusal.ShouldBeNull();
        (link!.SiteId, link.Date, link.RecipientId, link.Expires).ShouldBe(("S1", new DateOnly(2026, 7, 15), "M1", expires));

        actions.Verify(token).Refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid);
        acks.Verify(actions.Create("S1_20260715", "OF-1", LinkAction.Accept, expires)).Refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid);
        acks.Verify(token[..^2] + (token[^2] == 'A' ? "BA" : "AA")).Refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid);
        clock.SetUtcNow(expires);
        acks.Verify(token).Refusal!.Reason.ShouldBe(LinkRefusalReason.Expired);
    }

    [Fact]
    public void VisitPriority_UnconfirmedSiteFirst()
    {
        var plan = new SupplyPlan(1, 1, 1);
        Visit V(string id, HeatLevel level, int workers) =>
            new(id, id, new DateOnly(2026, 7, 15), "A", level, workers, VisitStatus.Pending, null, 0, [], null, null, null, plan, null, null, Asked);
        var visits = new[] { V("red-big", HeatLevel.Red, 200), V("orange-silent", HeatLevel.Orange, 10).MeasuresUnconfirmed(Asked), V("red-small", HeatLevel.Red, 20) };
        visits.OrderByDescending(v => v.Priority).Select(v => v.Id).ShouldBe(["orange-silent", "red-big", "red-small"]);
    }

    private static Alert Raised(HeatLevel level, AlertKind kind) =>
        new("S1_20260715_red-x", "S1", new DateOnly(2026, 7, 15), kind, level, HeatLevel.Orange, Grade(level), 8 * 3600, Asked.AddHours(1));

    private static Alert Cleared() =>
        new("S1_20260715_clear", "S1", new DateOnly(2026, 7, 15), AlertKind.Cleared, HeatLevel.None, HeatLevel.Red, Grade(HeatLevel.None), 8 * 3600, Asked.AddHours(2));

    private static HeatGrade Grade(HeatLevel level) =>
        new(new DateOnly(2026, 7, 15), level, level, 40.5, 43.0, HeatIndexBand.High, new HottestWindow(new TimeOnly(13, 0), 3, 40.0), WorkAdvice.StopOutdoorWork, 0, true, "test");

    [Fact]
    public void ForOfficer_SaysWhatTheSiteAnsweredOrThatItIsSilent_InTheOfficersLanguage()
    {
        var beijing = LocalTimeText.For("Asia/Shanghai");
        AckText.ForOfficer(null, beijing, "zh").ShouldBeNull("a site below orange is not asked");
        AckText.ForOfficer(Case() with { Closed = true }, beijing, "en").ShouldBeNull("the alert was lifted");
        AckText.ForOfficer(Case(), beijing, "zh").ShouldBe("用人单位尚未确认已落实的防暑降温措施，请前往时督促。");

        var answered = Case(HeatLevel.Orange).Answered(new AckAnswer("M1", [AckMeasure.HoursLimited, AckMeasure.Other], "凉茶", 6, Asked.AddMinutes(12)));
        AckText.ForOfficer(answered, beijing, "zh").ShouldBe("用人单位于2026-07-15 10:12（北京时间）确认：已限制露天作业时长，并避开最热时段；其他措施（凉茶）；目前露天作业6人。请在现场核实。");
        AckText.ForOfficer(answered, beijing, "en").ShouldBe(
            "The employer confirmed at 2026-07-15 10:12 (UTC+8): Outdoor hours limited and moved out of the hottest hours; Other measures (凉茶); 6 working outdoors now. Check it on site.");

        var breach = Case().Answered(new AckAnswer("M1", [AckMeasure.WaterShadeRest], null, 9, Asked.AddMinutes(5)));
        AckText.ForOfficer(breach, beijing, "en")!.ShouldContain("Under a red alert there must be no outdoor work today.");
    }
}

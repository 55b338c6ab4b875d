using HeatRelief.Heat;
using HeatRelief.Weather;

namespace HeatRelief.Tests.Unit;

/// <summary>Per-day grading: CMA signals, heat index bands, level, hottest window, advice and completeness.</summary>
public sealed class HeatGraderTests
{
    private static readonly DateOnly Day = new(2026, 7, 15);

    private readonly HeatGrader _grader = new(Microsoft.Extensions.Options.Options.Create(new HeatRulesOptions()));

    // 25 C at 40 % has a heat index of 24.6 C (lower band), so these hours never raise the level
    // and a test sees only the signal from the daily maxima.
    private static List<HourlyReading> MildHours(DateOnly day, int count = 24) =>
        [.. Enumerable.Range(0, count).Select(h => new HourlyReading(day.ToDateTime(new TimeOnly(h, 0)), 25.0, 40.0))];

    private static List<HourlyReading> HoursWith(DateOnly day, double[] temperatures, double humidity) =>
        [.. temperatures.Select((t, h) => new HourlyReading(day.ToDateTime(new TimeOnly(h, 0)), t, humidity))];

    private static Dictionary<DateOnly, double> Maxima(params double[] maxima) =>
        maxima.Select((m, i) => (Day.AddDays(i), m)).ToDictionary(p => p.Item1, p => p.m);

    private HeatGrade GradeFirstDay(params double[] maxima) => _grader.Grade(Day, Maxima(maxima), MildHours(Day));

    [Theory]
    [InlineData(32.7, HeatIndexBand.Lower)]
    [InlineData(32.8, HeatIndexBand.Moderate)]
    [InlineData(39.3, HeatIndexBand.Moderate)]
    [InlineData(39.4, HeatIndexBand.High)]
    [InlineData(46.1, HeatIndexBand.High)]
    [InlineData(46.2, HeatIndexBand.Extreme)]
    public void HeatGrader_Band_SplitsAtOshaThresholds(double heatIndexC, HeatIndexBand expected)
    {
        _grader.Band(heatIndexC).ShouldBe(expected);
    }

    [Fact]
    public void HeatGrader_Grade_RaisesRedAtExactly40()
    {
        var grade = GradeFirstDay(40.0);

        grade.Signal.ShouldBe(HeatLevel.Red);
        grade.Level.ShouldBe(HeatLevel.Red);
        grade.Complete.ShouldBeTrue();
    }

    [Fact]
    public void HeatGrader_Grade_RaisesOrangeAtExactly37()
    {
        var grade = GradeFirstDay(37.0);

        grade.Signal.ShouldBe(HeatLevel.Orange);
        grade.Level.ShouldBe(HeatLevel.Orange);
    }

    [Fact]
    public void HeatGrader_Grade_GivesNoOrangeAt36Point9WithoutAThreeDayRun()
    {
        // 36.9 is below orange and, with one day only, not yet a yellow run.
        GradeFirstDay(36.9).Signal.ShouldNotBe(HeatLevel.Orange);
    }

    [Fact]
    public void HeatGrader_Grade_RaisesYellowFor35OnThreeDaysRunning()
    {
        var grade = GradeFirstDay(35.0, 35.0, 35.0);

        grade.Signal.ShouldBe(HeatLevel.Yellow);
        grade.Level.ShouldBe(HeatLevel.Yellow);
        grade.Complete.ShouldBeTrue();
    }

    [Fact]
    public void HeatGrader_Grade_GivesNoSignalAndIncompleteWhenAFollowingDayIsMissing()
    {
        // Day +2 is not forecast: the run may still become yellow, so the grade must not count as proof of none.
        var grade = GradeFirstDay(36.0, 36.0);

        grade.Signal.ShouldBe(HeatLevel.None);
        grade.Level.ShouldBe(HeatLevel.None);
        grade.Complete.ShouldBeFalse();
        grade.Rule.ShouldContain("day +2 is not in the forecast");
    }

    [Fact]
    public void HeatGrader_Grade_GivesNoSignalAndCompleteWhenAFollowingDayIsBelow35()
    {
        var grade = GradeFirstDay(36.0, 34.9, 36.0);

        grade.Signal.ShouldBe(HeatLevel.None);
        grade.Complete.ShouldBeTrue();
    }

    [Fact]
    public void HeatGrader_Grade_GivesNoSignalBelow35()
    {
        var grade = GradeFirstDay(34.9, 36.0, 36.0);

        grade.Signal.ShouldBe(HeatLevel.None);
        grade.Level.ShouldBe(HeatLevel.None);
        grade.Advice.ShouldBe(WorkAdvice.None);
        grade.Complete.ShouldBeTrue();
    }

    [Fact]
    public void HeatGrader_Grade_RaisesHumid34DayToOrangeByHighHeatIndex()
    {
        // 34 C at 60 % is a heat index of 42.18 C (Python, NWS formula): the high band, 39.4-46.1.
        var hours = HoursWith(Day, [.. Enumerable.Repeat(34.0, 24)], 60);

        var grade = _grader.Grade(Day, Maxima(34.0, 34.0, 34.0), hours);

        grade.Signal.ShouldBe(HeatLevel.None);
        grade.HeatIndexBand.ShouldBe(HeatIndexBand.High);
        grade.MaxHeatIndexC.ShouldBe(42.2);
        grade.Level.ShouldBe(HeatLevel.Orange);

        // The legal rule looks at the daily maximum only; the band's own advice comes from AdviceText.
        grade.Advice.ShouldBe(WorkAdvice.None);
    }

    [Fact]
    public void HeatGrader_Grade_RaisesHumid34DayToRedByExtremeHeatIndex()
    {
        // 34 C at 75 % is a heat index of 49.39 C (Python, NWS formula): above 46.1, extreme.
        var hours = HoursWith(Day, [.. Enumerable.Repeat(34.0, 24)], 75);

        var grade = _grader.Grade(Day, Maxima(34.0, 34.0, 34.0), hours);

        grade.HeatIndexBand.ShouldBe(HeatIndexBand.Extreme);
        grade.MaxHeatIndexC.ShouldBe(49.4);
        grade.Level.ShouldBe(HeatLevel.Red);
    }

    [Fact]
    public void HeatGrader_Grade_TakesTheHigherOfSignalAndHeatIndexLevel()
    {
        // Orange signal (37.5) with a 34 C / 75 % hour (extreme, red): the level is red, the signal stays orange.
        var temperatures = Enumerable.Repeat(30.0, 24).ToArray();
        temperatures[10] = 34.0;
        var hours = HoursWith(Day, temperatures, 75);

        var grade = _grader.Grade(Day, Maxima(37.5), hours);

        grade.Signal.ShouldBe(HeatLevel.Orange);
        grade.Level.ShouldBe(HeatLevel.Red);
    }

    [Fact]
    public void HeatGrader_Grade_KeepsSignalWhenHeatIndexIsLower()
    {
        // Red signal with mild hours: the lower band must not pull the level down.
        var grade = GradeFirstDay(41.0);

        grade.HeatIndexBand.ShouldBe(HeatIndexBand.Lower);
        grade.Level.ShouldBe(HeatLevel.Red);
    }

    [Fact]
    public void HeatGrader_Grade_PicksEarliestOfTiedHottestWindows()
    {
        // 13-15 (36, 37, 38) and 17-19 (38, 37, 36) both average 37.0; every other window is lower.
        var temperatures = Enumerable.Repeat(25.0, 24).ToArray();
        (temperatures[13], temperatures[14], temperatures[15]) = (36, 37, 38);
        (temperatures[17], temperatures[18], temperatures[19]) = (38, 37, 36);

        var window = _grader.Grade(Day, Maxima(38.0), HoursWith(Day, temperatures, 20)).HottestWindow;

        window.ShouldNotBeNull();
        window.Start.ShouldBe(new TimeOnly(13, 0));
        window.StartText.ShouldBe("13:00");
        window.EndText.ShouldBe("16:00");
        window.Hours.ShouldBe(3);
        window.MeanTemperatureC.ShouldBe(37.0);
    }

    [Fact]
    public void HeatGrader_Grade_PicksLaterWindowWhenItIsHotter()
    {
        var temperatures = Enumerable.Repeat(25.0, 24).ToArray();
        (temperatures[10], temperatures[11], temperatures[12]) = (36, 36, 36);
        (temperatures[15], temperatures[16], temperatures[17]) = (36, 36, 36.3);

        var window = _grader.Grade(Day, Maxima(36.3), HoursWith(Day, temperatures, 20)).HottestWindow;

        window.ShouldNotBeNull();
        window.StartText.ShouldBe("15:00");
        window.EndText.ShouldBe("18:00");
        window.MeanTemperatureC.ShouldBe(36.1);
    }

    [Fact]
    public void HeatGrader_Grade_LeavesTheHottestWindowUnknownWhenADaytimeHourIsMissing()
    {
        // Hour 14 is missing: 12, 13, 15 (all 38) are not a run, and the best real run (11-13) may not be the
        // hottest, as 14:00 could be hotter still. No window; keep off the midday hours 11:00-16:00 instead,
        // which already cover the gap and the run found.
        var temperatures = Enumerable.Repeat(25.0, 24).ToArray();
        (temperatures[12], temperatures[13], temperatures[15], temperatures[16], temperatures[17]) = (38, 38, 38, 30, 30);
        var hours = HoursWith(Day, temperatures, 20);
        hours.RemoveAt(14);

        var grade = _grader.Grade(Day, Maxima(38.0), hours);

        grade.HottestWindow.ShouldBeNull();
        grade.HottestWindowKnown.ShouldBeFalse();
        grade.FallbackWindow.ShouldBe(new HourSpan(11, 16));
        grade.Complete.ShouldBeFalse();
        grade.Rule.ShouldContain("hottest window unknown (no data for 14:00-15:00), no outdoor work 11:00-16:00");
    }

    [Fact]
    public void HeatGrader_Grade_WidensTheFallbackOverTheGapAndTheRunFound()
    {
        // 10:00 is missing and the known hours peak at 14:00-17:00: keep 10:00-17:00 free.
        var temperatures = Enumerable.Repeat(25.0, 24).ToArray();
        (temperatures[14], temperatures[15], temperatures[16]) = (37, 38, 37);
        var hours = HoursWith(Day, temperatures, 20);
        hours.RemoveAt(10);

        var grade = _grader.Grade(Day, Maxima(38.0), hours);

        grade.HottestWindow.ShouldBeNull();
        grade.FallbackWindow.ShouldBe(new HourSpan(10, 17));
    }

    [Fact]
    public void HeatGrader_Grade_KeepsTheWindowWhenOnlyANightHourIsMissing()
    {
        var temperatures = Enumerable.Repeat(25.0, 24).ToArray();
        (temperatures[14], temperatures[15], temperatures[16]) = (37, 38, 37);
        var hours = HoursWith(Day, temperatures, 20);
        hours.RemoveAt(3);

        var grade = _grader.Grade(Day, Maxima(38.0), hours);

        grade.HottestWindow.ShouldBe(new HottestWindow(new TimeOnly(14, 0), 3, 37.33));
        grade.FallbackWindow.ShouldBeNull();
        grade.Complete.ShouldBeFalse();
    }

    [Fact]
    public void HeatGrader_Grade_TakesDaytimeAndMiddayHoursFromTheRules()
    {
        // Daytime 12:00-15:00 only: a missing 10:00 no longer matters. Missing 13:00 does, and the
        // configured midday 12:00-14:00 widened over the run found (15:00-18:00) is 12:00-18:00.
        var grader = new HeatGrader(Microsoft.Extensions.Options.Options.Create(new HeatRulesOptions { DaytimeStartHour = 12, DaytimeEndHour = 15, MiddayStartHour = 12, MiddayEndHour = 14 }));
        var temperatures = Enumerable.Repeat(25.0, 24).ToArray();
        (temperatures[15], temperatures[16], temperatures[17]) = (37, 38, 37);
        var hours = HoursWith(Day, temperatures, 20);

        grader.Grade(Day, Maxima(38.0), [.. hours.Where(h => h.LocalTime.Hour != 10)]).HottestWindow.ShouldNotBeNull();
        grader.Grade(Day, Maxima(38.0), [.. hours.Where(h => h.LocalTime.Hour != 13)]).FallbackWindow.ShouldBe(new HourSpan(12, 18));
    }

    [Fact]
    public void HeatGrader_Grade_ReportsWindowEndingAtMidnightAs2400()
    {
        var temperatures = Enumerable.Repeat(25.0, 24).ToArray();
        (temperatures[21], temperatures[22], temperatures[23]) = (30, 30, 30);

        var window = _grader.Grade(Day, Maxima(30.0), HoursWith(Day, temperatures, 20)).HottestWindow;

        window.ShouldNotBeNull();
        window.StartText.ShouldBe("21:00");
        window.EndText.ShouldBe("24:00");
    }

    [Theory]
    [InlineData(40.0, WorkAdvice.StopOutdoorWork, 0)]
    [InlineData(42.5, WorkAdvice.StopOutdoorWork, 0)]
    [InlineData(39.9, WorkAdvice.LimitOutdoorHours, 6)]
    [InlineData(37.0, WorkAdvice.LimitOutdoorHours, 6)]
    [InlineData(36.9, WorkAdvice.RotateShifts, 24)]
    [InlineData(35.0, WorkAdvice.RotateShifts, 24)]
    [InlineData(34.9, WorkAdvice.None, 24)]
    public void HeatGrader_Grade_GivesAdvicePerDailyMaximum(double maxC, WorkAdvice advice, int maxOutdoorHours)
    {
        var grade = GradeFirstDay(maxC);

        grade.Advice.ShouldBe(advice);
        grade.MaxOutdoorHours.ShouldBe(maxOutdoorHours);
        grade.MaxTemperatureC.ShouldBe(maxC);
    }

    [Fact]
    public void HeatGrader_Grade_IsIncompleteWithFewerThan24Hours()
    {
        // Red is certain from the daily maximum, but 23 hours may hide the hottest one.
        var grade = _grader.Grade(Day, Maxima(41.0), MildHours(Day, 23));

        grade.Level.ShouldBe(HeatLevel.Red);
        grade.Complete.ShouldBeFalse();
        grade.Rule.ShouldContain("(incomplete data)");
    }

    [Fact]
    public void HeatGrader_Grade_WithoutHoursHasNoWindowAndUnknownHeatIndex()
    {
        var grade = _grader.Grade(Day, Maxima(38.0), []);

        grade.HottestWindow.ShouldBeNull();

        // Every daytime hour is missing: the midday hours widen to the whole of 10:00-18:00.
        grade.FallbackWindow.ShouldBe(new HourSpan(10, 18));
        double.IsNaN(grade.MaxHeatIndexC).ShouldBeTrue();
        grade.HeatIndexBand.ShouldBe(HeatIndexBand.Lower);
        grade.Level.ShouldBe(HeatLevel.Orange);
        grade.Complete.ShouldBeFalse();
    }

    [Fact]
    public void HeatGrader_GradeDays_GradesEachDayWithItsOwnHours()
    {
        var hours = MildHours(Day).Concat(MildHours(Day.AddDays(1))).Concat(MildHours(Day.AddDays(2))).ToList();
        var forecast = new LocationForecast(39.9, 116.4, 28800, "Asia/Shanghai", hours, Maxima(35.5, 37.2, 40.3));

        var grades = _grader.GradeDays(forecast);

        grades.Select(g => g.Date).ShouldBe([Day, Day.AddDays(1), Day.AddDays(2)]);
        grades.Select(g => g.Level).ShouldBe([HeatLevel.Yellow, HeatLevel.Orange, HeatLevel.Red]);
        grades.Select(g => g.Complete).ShouldBe([true, true, true]);
    }

    [Fact]
    public void HeatGrader_GradeDays_GradesBundledBeijingRecording()
    {
        var path = Path.Combine(HeatRelief.Tests.Infrastructure.TestPaths.Root, "samples", "weather", "beijing-2023-06-heatwave.json");
        var locations = OpenMeteoParser.Parse(File.ReadAllText(path), path);

        // Expected grades worked out in Python from the same file (NWS heat index, CMA signals).
        var central = _grader.GradeDays(locations[0]);
        var changping = _grader.GradeDays(locations[12]);
        var yanqing = _grader.GradeDays(locations[15]);

        // 22 Jun, central city: max 40.1 C, heat index 40.26 C (high), hottest 14:00-17:00 at 39.93 C.
        var hottest = central[0];
        hottest.Level.ShouldBe(HeatLevel.Red);
        hottest.MaxHeatIndexC.ShouldBe(40.3);
        hottest.HeatIndexBand.ShouldBe(HeatIndexBand.High);
        hottest.Advice.ShouldBe(WorkAdvice.StopOutdoorWork);
        hottest.HottestWindow.ShouldBe(new HottestWindow(new TimeOnly(14, 0), 3, 39.93));

        // Changping: 36.5, 36.5, 36.0 is yellow on the first day; the later days cannot see three days ahead.
        changping.Select(g => g.Level).ShouldBe([HeatLevel.Yellow, HeatLevel.None, HeatLevel.None]);
        changping.Select(g => g.Complete).ShouldBe([true, false, false]);

        // Yanqing valley: 32-34 C in dry air stays below every threshold.
        yanqing.ShouldAllBe(g => g.Level == HeatLevel.None && g.HeatIndexBand == HeatIndexBand.Lower && g.Complete);
    }
}

using HeatRelief.Heat;

namespace HeatRelief.Tests.Unit;

/// <summary>Work advice sentences in Chinese and English.</summary>
public sealed class AdviceTextTests
{
    private static HeatGrade LimitedDay() => new(
        new DateOnly(2026, 7, 15), HeatLevel.Orange, HeatLevel.Orange, 38.0, 36.7, HeatIndexBand.Moderate,
        new HottestWindow(new TimeOnly(13, 0), 3, 37.5), WorkAdvice.LimitOutdoorHours, 6, true, "test");

    [Fact]
    public void AdviceText_For_NamesWindowAndHoursInChinese()
    {
        AdviceText.For(LimitedDay(), "zh")
            .ShouldBe("预报最高气温38.0℃：露天作业累计不超过6小时，13:00-16:00最热时段不得露天作业。");
    }

    [Fact]
    public void AdviceText_For_NamesWindowAndHoursInEnglish()
    {
        AdviceText.For(LimitedDay(), "en")
            .ShouldBe("Forecast maximum 38.0 °C: at most 6 hours of outdoor work, and none during the hottest hours 13:00-16:00.");
    }

    [Fact]
    public void AdviceText_For_ShowsUnknownHeatIndexAsQuestionMark()
    {
        AdviceText.For(WorkAdvice.HeatIndexCaution, 34.0, double.NaN, null, null, 24, "en")
            .ShouldBe("Heat index ? °C: take breaks in the shade and drink water every 15-20 minutes.");
    }

    [Fact]
    public void AdviceText_For_TellsToStopOutdoorWorkInChinese()
    {
        AdviceText.For(WorkAdvice.StopOutdoorWork, 41.0, 41.5, "14:00", "17:00", 0, "zh")
            .ShouldBe("预报最高气温41.0℃：当日应停止露天作业。");
    }

    [Fact]
    public void AdviceText_For_UsesConfiguredOutdoorHours()
    {
        AdviceText.For(WorkAdvice.LimitOutdoorHours, 37.0, 35.0, "14:00", "17:00", 4, "zh")
            .ShouldBe("预报最高气温37.0℃：露天作业累计不超过4小时，14:00-17:00最热时段不得露天作业。");
    }
}

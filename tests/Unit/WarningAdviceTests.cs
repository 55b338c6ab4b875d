using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Unit;

/// <summary>When an official warning sets the level, the advice is that level's rule, citing the warning, never the forecast's weaker one.</summary>
public sealed class WarningAdviceTests
{
    private static readonly DateOnly July15 = new(2026, 7, 15);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private const string ForecastAdvice = "预报最高气温36.2℃：采取换班轮休，缩短连续作业时间，不得安排加班。";

    private static IReadOnlyList<WarningInForce> InForce(string file) =>
        new WarningBook([new CapParser().ParseFile(CapParserTests.CapFile(file)).Document!], new HeatClassifier(new WarningsOptions()), Shanghai)
            .InForce(39.9, 116.4, null, July15);

    private static HeatGrade Grade(HeatLevel level, double hi) =>
        new(July15, level, level, 36.2, hi, HeatIndexBand.Moderate, null, WorkAdvice.RotateShifts, 24, true, "test");

    [Fact]
    public void For_AnOrangeWarningOverAYellowForecast_GivesTheOrangeRuleCitingTheSender()
    {
        var merged = WarningMerge.Merge(HeatLevel.Yellow, InForce("heat-orange-alert.xml"));

        WarningAdvice.For(merged, Grade(HeatLevel.Yellow, 37.5), ForecastAdvice, "zh", 6)
            .ShouldBe("测试市气象台发布高温橙色预警：露天作业累计不超过6小时，中午和下午最热时段不得露天作业。预报最高气温36.2℃，体感温度（热指数）37.5℃。");
        WarningAdvice.For(merged, Grade(HeatLevel.Yellow, double.NaN), ForecastAdvice, "en", 5)
            .ShouldBe("测试市气象台 issued an orange heat warning: at most 5 hours of outdoor work, and none around midday and in the afternoon. Forecast maximum 36.2 °C.");
    }

    [Fact]
    public void For_TheForecastDecidingOrATie_KeepsTheForecastsAdvice()
    {
        var orange = InForce("heat-orange-alert.xml");

        WarningAdvice.For(WarningMerge.Merge(HeatLevel.Red, orange), Grade(HeatLevel.Red, 41), ForecastAdvice, "zh", 6).ShouldBe(ForecastAdvice);
        WarningAdvice.For(WarningMerge.Merge(HeatLevel.Orange, orange), Grade(HeatLevel.Orange, 39), ForecastAdvice, "zh", 6)
            .ShouldBe(ForecastAdvice, "on a tie the forecast's advice already holds the level's rule, with its own figures");
        WarningAdvice.For(WarningMerge.Merge(HeatLevel.Yellow, []), Grade(HeatLevel.Yellow, 36), ForecastAdvice, "zh", 6).ShouldBe(ForecastAdvice);
    }
}

using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Unit;

/// <summary>The merge rule: a site's level is the higher of the forecast's grade and the heat warnings in force, and says which decided.</summary>
public sealed class WarningMergeTests
{
    private const double InsideLat = 39.9;
    private const double InsideLon = 116.4;
    private static readonly DateOnly July15 = new(2026, 7, 15);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly CapParser Parser = new();
    private static readonly HeatClassifier Classifier = new(new WarningsOptions());

    private static IReadOnlyList<WarningInForce> InForce(params string[] files) =>
        new WarningBook(files.Select(f => Parser.ParseFile(CapParserTests.CapFile(f)).Document!), Classifier, Shanghai)
            .InForce(InsideLat, InsideLon, null, July15);

    [Fact]
    public void Merge_AWarningHigherThanTheForecast_DecidesTheLevel()
    {
        var merged = WarningMerge.Merge(HeatLevel.Yellow, InForce("heat-orange-alert.xml"));

        merged.Level.ShouldBe(HeatLevel.Orange);
        merged.ForecastLevel.ShouldBe(HeatLevel.Yellow);
        merged.DecidedBy.ShouldBe(LevelSource.Warning);
        merged.Warning!.Document.Identifier.ShouldBe("T-ORANGE");
    }

    [Fact]
    public void Merge_AForecastHigherThanTheWarning_DecidesTheLevel_AndKeepsTheWarning()
    {
        var merged = WarningMerge.Merge(HeatLevel.Red, InForce("heat-orange-alert.xml"));

        merged.Level.ShouldBe(HeatLevel.Red);
        merged.DecidedBy.ShouldBe(LevelSource.Forecast);
        merged.Warning!.Level.ShouldBe(HeatLevel.Orange, "the warning in force is kept even when it did not decide");
    }

    [Fact]
    public void Merge_AWarningEqualToTheForecast_IsCited()
    {
        // A tie cites the warning: it is the one employers and officers act on, and the alert names it.
        var merged = WarningMerge.Merge(HeatLevel.Orange, InForce("heat-orange-alert.xml"));

        merged.Level.ShouldBe(HeatLevel.Orange);
        merged.ForecastLevel.ShouldBe(HeatLevel.Orange);
        merged.DecidedBy.ShouldBe(LevelSource.Warning);
    }

    [Fact]
    public void Merge_NoWarning_IsTheForecast()
    {
        var merged = WarningMerge.Merge(HeatLevel.Yellow, []);

        merged.ShouldBe(new MergedLevel(HeatLevel.Yellow, HeatLevel.Yellow, null, LevelSource.Forecast));
    }

    [Fact]
    public void Merge_ABlueWarning_RaisesNothing()
    {
        var inForce = InForce("heat-blue-minor.xml");

        var merged = WarningMerge.Merge(HeatLevel.None, inForce);

        inForce.ShouldBeEmpty("blue is below yellow: not a warning in force");
        merged.ShouldBe(new MergedLevel(HeatLevel.None, HeatLevel.None, null, LevelSource.Forecast));
    }

    [Fact]
    public void Merge_ACancelledWarning_NoLongerCounts()
    {
        var cancelled = InForce("heat-orange-alert.xml", "heat-red-update.xml", "heat-cancel.xml");
        var before = InForce("heat-orange-alert.xml", "heat-red-update.xml");

        WarningMerge.Merge(HeatLevel.Yellow, before).Level.ShouldBe(HeatLevel.Red, "the red update before the cancel");
        var merged = WarningMerge.Merge(HeatLevel.Yellow, cancelled);

        merged.ShouldBe(new MergedLevel(HeatLevel.Yellow, HeatLevel.Yellow, null, LevelSource.Forecast));
    }

    [Fact]
    public void Merge_SeveralInForce_TakesTheHighest()
    {
        var orange = InForce("heat-orange-alert.xml").Single();
        var red = InForce("heat-orange-alert.xml", "heat-red-update.xml").Single();

        var merged = WarningMerge.Merge(HeatLevel.Yellow, [orange, red]);

        merged.Level.ShouldBe(HeatLevel.Red);
        merged.Warning.ShouldBeSameAs(red);
    }

    [Fact]
    public void LevelSource_ToWire()
    {
        LevelSource.Forecast.ToWire().ShouldBe("forecast");
        LevelSource.Warning.ToWire().ShouldBe("warning");
    }
}

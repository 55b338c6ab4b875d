using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Unit;

/// <summary>Which warnings are heat warnings, and the colour level read from severity and the headline.</summary>
public sealed class HeatClassifierTests
{
    private readonly HeatClassifier _classifier = new(new WarningsOptions());

    private static CapInfo Info(string @event, CapSeverity severity = CapSeverity.Severe, string headline = "", params CapValue[] codes) =>
        new("zh-CN", @event, codes, severity, "Expected", "Likely", null, null, null, "测试市气象台", headline, string.Empty, string.Empty, []);

    [Theory]
    [InlineData("高温", true)]
    [InlineData("高温预警", true)]
    [InlineData("High Temperature", true)]
    [InlineData("Excessive Heat Warning", true)]
    [InlineData("heat advisory", true)]
    [InlineData("暴雨", false)]
    [InlineData("Wheat rust", false)]
    [InlineData("低温", false)]
    public void IsHeat_MatchesTheConfiguredNames(string @event, bool heat)
    {
        _classifier.IsHeat(Info(@event)).ShouldBe(heat);
    }

    [Fact]
    public void IsHeat_ReadsEventCodeValues_AndTheConfiguredList()
    {
        _classifier.IsHeat(Info("Weather warning", codes: new CapValue("hazard", "Excessive Heat"))).ShouldBeTrue();
        _classifier.IsHeat(Info("Weather warning", codes: new CapValue("hazard", "Rain"))).ShouldBeFalse();

        var custom = new HeatClassifier(new WarningsOptions { HeatEvents = " 11B09 ; 高温 " });
        custom.IsHeat(Info("Weather warning", codes: new CapValue("GB/T 35965.1", "11B09"))).ShouldBeTrue();
        custom.IsHeat(Info("Heat")).ShouldBeFalse();
    }

    [Theory]
    [InlineData(CapSeverity.Extreme, "发布高温红色预警", HeatLevel.Red)]
    [InlineData(CapSeverity.Severe, "发布高温橙色预警", HeatLevel.Orange)]
    [InlineData(CapSeverity.Moderate, "发布高温黄色预警", HeatLevel.Yellow)]
    [InlineData(CapSeverity.Minor, "发布高温蓝色预警", HeatLevel.None)]
    [InlineData(CapSeverity.Severe, "", HeatLevel.Orange)]
    [InlineData(CapSeverity.Unknown, "issues a Yellow heat warning", HeatLevel.Yellow)]
    [InlineData(CapSeverity.Extreme, "将高温橙色预警升级为红色预警", HeatLevel.Red)]
    public void Classify_ReadsTheColourScale(CapSeverity severity, string headline, HeatLevel level)
    {
        var reading = _classifier.Classify(Info("高温", severity, headline)).ShouldNotBeNull();

        reading.Level.ShouldBe(level);
        reading.Mismatch.ShouldBeNull();
    }

    [Theory]
    [InlineData(CapSeverity.Severe, "发布高温红色预警", HeatLevel.Red, "severity Severe (orange) but the headline says red: taken as red")]
    [InlineData(CapSeverity.Extreme, "发布高温黄色预警", HeatLevel.Red, "severity Extreme (red) but the headline says yellow: taken as red")]
    [InlineData(CapSeverity.Minor, "orange heat warning", HeatLevel.Orange, "severity Minor (blue (none)) but the headline says orange: taken as orange")]
    public void Classify_OnAMismatch_TakesTheHigherAndSaysSo(CapSeverity severity, string headline, HeatLevel level, string mismatch)
    {
        var reading = _classifier.Classify(Info("高温", severity, headline)).ShouldNotBeNull();

        reading.Level.ShouldBe(level);
        reading.Mismatch.ShouldBe(mismatch);
    }

    [Fact]
    public void Classify_IsNullForANonHeatWarning()
    {
        _classifier.Classify(Info("暴雨", CapSeverity.Extreme, "发布暴雨红色预警")).ShouldBeNull();
    }

    [Fact]
    public void Options_RefuseAnEmptyHeatEventList()
    {
        var problems = new WarningsOptions { HeatEvents = " ; " }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).ToList();

        problems.ShouldHaveSingleItem().MemberNames.ShouldBe([nameof(WarningsOptions.HeatEvents)]);
        new WarningsOptions().Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).ShouldBeEmpty();
        Should.Throw<ArgumentException>(() => new HeatClassifier(new WarningsOptions { HeatEvents = ";" }));
    }
}

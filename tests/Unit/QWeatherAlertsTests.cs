using System.Text.Json;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Unit;

/// <summary>QWeather alerts mapped into the CAP model: fields, times, severity and colour, the cell as the area.</summary>
public sealed class QWeatherAlertsTests
{
    private static readonly WarningCells.Cell Cell = WarningCells.Group([new Site("S", "s", "d", 39.91, 116.41, "market", 1)], 0.1).Single();

    private static CapParseResult Map(string json) =>
        QWeatherAlerts.Map(JsonDocument.Parse(json).RootElement, 1, Cell, "zh", "QWeather 39.95,116.45");

    private static string Alert(string extra) => $$"""
        {"id":"Q1","senderName":"测试市气象台","issuedTime":"2026-07-15T10:20+08:00",
         "messageType":{"code":"update","supersedes":["Q0","Q00"]},"eventType":{"name":"高温","code":"1009"},
         "urgency":null,"certainty":null,"headline":"测试市气象台发布高温橙色预警","description":"说明","instruction":"措施"{{extra}}}
        """;

    [Fact]
    public void Map_AnUpdate_BecomesACapUpdateReferencingWhatItSupersedes()
    {
        var result = Map(Alert(""","severity":"severe","color":{"code":"orange"},"effectiveTime":"2026-07-15T10:20+08:00","onsetTime":"2026-07-15T12:00:00+08:00","expireTime":"2026-07-16T02:00Z" """));

        result.Problem.ShouldBeNull();
        var document = result.Document!;
        (document.Identifier, document.Sender, document.Status, document.MsgType).ShouldBe(("Q1", QWeatherAlerts.Sender, CapStatus.Actual, CapMessageType.Update));
        document.Sent.ShouldBe(new DateTimeOffset(2026, 7, 15, 10, 20, 0, TimeSpan.FromHours(8)));
        document.Source.ShouldBe("QWeather 39.95,116.45 alert Q1");
        document.References.Select(r => r.Key).ShouldBe([CapReference.KeyOf("qweather", "Q0"), CapReference.KeyOf("qweather", "Q00")]);
        var info = document.Infos.ShouldHaveSingleItem();
        (info.Language, info.Event, info.Severity, info.SenderName, info.Headline, info.Description, info.Instruction).ShouldBe(("zh", "高温", CapSeverity.Severe, "测试市气象台", "测试市气象台发布高温橙色预警", "说明", "措施"));
        info.EventCodes.ShouldBe([new CapValue("QWeather", "1009")]);
        (info.Urgency, info.Certainty).ShouldBe(("", ""));
        info.Onset.ShouldBe(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.FromHours(8)));
        info.Expires.ShouldBe(new DateTimeOffset(2026, 7, 16, 2, 0, 0, TimeSpan.Zero));
        new HeatClassifier(new WarningsOptions()).Classify(info)!.Level.ShouldBe(HeatLevel.Orange);
    }

    [Fact]
    public void Map_ExpiredTime_IsReadAsTheSdkListsSpellIt()
    {
        Map(Alert(""","severity":"moderate","expiredTime":"2026-07-16T20:00+08:00" """)).Document!.Infos[0].Expires
            .ShouldBe(new DateTimeOffset(2026, 7, 16, 20, 0, 0, TimeSpan.FromHours(8)));
    }

    [Theory]
    [InlineData("severe", "red", CapSeverity.Extreme)]
    [InlineData("extreme", "yellow", CapSeverity.Extreme)]
    [InlineData(null, "yellow", CapSeverity.Moderate)]
    [InlineData("minor", "white", CapSeverity.Minor)]
    [InlineData(null, null, CapSeverity.Unknown)]
    public void Map_Severity_IsTheHigherOfSeverityAndColour(string? severity, string? colour, CapSeverity expected)
    {
        var extra = (severity is null ? "" : $",\"severity\":\"{severity}\"") + (colour is null ? "" : $",\"color\":{{\"code\":\"{colour}\",\"red\":1}}");

        Map(Alert(extra)).Document!.Infos[0].Severity.ShouldBe(expected);
    }

    [Theory]
    [InlineData("""{"issuedTime":"2026-07-15T10:20+08:00"}""", "QWeather 39.95,116.45 alert 1", "no id")]
    [InlineData("""{"id":"Q1","issuedTime":"2026-07-15T10:20"}""", "QWeather 39.95,116.45 alert Q1", "issuedTime: '2026-07-15T10:20' is not a time with its offset (e.g. 2025-10-24T11:19+08:00)")]
    [InlineData("""{"id":"Q1","issuedTime":"2026-07-15T10:20+08:00","messageType":{"code":"retract"}}""", "QWeather 39.95,116.45 alert Q1", "messageType.code 'retract' is not new, update or cancel")]
    [InlineData("""{"id":"Q1","issuedTime":"2026-07-15T10:20+08:00","messageType":{"code":"new"}}""", "QWeather 39.95,116.45 alert Q1", "no eventType")]
    [InlineData("""{"id":"Q1","issuedTime":"2026-07-15T10:20+08:00","messageType":{"code":"new"},"eventType":{"name":"高温"},"onsetTime":"soon"}""", "QWeather 39.95,116.45 alert Q1", "onsetTime: 'soon' is not a time with its offset (e.g. 2025-10-24T11:19+08:00)")]
    [InlineData("""{"id":"Q1","issuedTime":"2026-07-15T10:20+08:00","messageType":{"code":"cancel","supersedes":"Q0"},"eventType":{"name":"高温"}}""", "QWeather 39.95,116.45 alert Q1", "supersedes is not a list of ids")]
    [InlineData("""["not","an","alert"]""", "QWeather 39.95,116.45 alert 1", "not an alert object but Array")]
    public void Map_MalformedAlert_IsRejectedNamingIt(string json, string source, string problem)
    {
        var result = Map(json);

        result.Document.ShouldBeNull();
        (result.Source, result.Problem).ShouldBe((source, problem));
    }

    [Fact]
    public void Area_CoversTheWholeCell_EdgesIncluded_AndNothingBeyond()
    {
        var area = QWeatherAlerts.Area(Cell);

        foreach (var (lat, lon) in new[] { (39.9, 116.4), (40.0, 116.5), (39.95, 116.45), (39.999999, 116.400001) })
        {
            area.Covers(lat, lon, null).ShouldBe(AreaMatch.Polygon, $"{lat},{lon}");
        }

        area.Covers(39.89, 116.45, null).ShouldBe(AreaMatch.None);
        area.Covers(39.95, 116.51, null).ShouldBe(AreaMatch.None);
    }

    [Fact]
    public void QWeatherWarningSource_AnswerWithoutAlertsOrZeroResult_FailsTheSource()
    {
        var failure = Should.Throw<WarningSourceException>(() => QWeatherWarningSource.Alerts("{\"metadata\":{\"zeroResult\":false}}"u8.ToArray(), Cell, "zh", "QWeather 39.95,116.45"));

        failure.Message.ShouldBe("QWeather 39.95,116.45: QWeather's answer has no alerts list and does not say zeroResult");
        Should.Throw<WarningSourceException>(() => QWeatherWarningSource.Alerts("<html>"u8.ToArray(), Cell, "zh", "QWeather 39.95,116.45"))
            .Message.ShouldStartWith("QWeather 39.95,116.45: QWeather's answer is not JSON: ");
    }
}

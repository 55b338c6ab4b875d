using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HeatRelief.Tests.Unit;

/// <summary>Times people read: the campaign's local time with the zone named, in Chinese and English; never a bare UTC time.</summary>
public sealed class LocalTimeTextTests
{
    // 05:14 UTC is 13:14 in Beijing.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 5, 14, 0, TimeSpan.Zero));

    private static readonly LocalTimeText Beijing = LocalTimeText.For("Asia/Shanghai");

    [Fact]
    public void LocalTimeText_Beijing_NamesBeijingTimeInChineseAndTheOffsetInEnglish()
    {
        var now = Clock.GetUtcNow();

        Beijing.DateTime(now, "zh").ShouldBe("2026-11-30 13:14（北京时间）");
        Beijing.Time(now, "zh").ShouldBe("13:14（北京时间）");
        Beijing.DateTime(now, "en").ShouldBe("2026-11-30 13:14 (UTC+8)");
        Beijing.Time(now, "en").ShouldBe("13:14 (UTC+8)");
        Beijing.DateTimeSeconds(now.AddSeconds(7), "en").ShouldBe("2026-11-30 13:14:07 (UTC+8)");
    }

    [Theory]
    [InlineData("America/New_York", 2026, 7, "2026-07-15 01:14（UTC-4）", "2026-07-15 01:14 (UTC-4)")]
    [InlineData("America/New_York", 2026, 1, "2026-01-15 00:14（UTC-5）", "2026-01-15 00:14 (UTC-5)")]
    [InlineData("Asia/Kolkata", 2026, 7, "2026-07-15 10:44（UTC+5:30）", "2026-07-15 10:44 (UTC+5:30)")]
    [InlineData("Etc/UTC", 2026, 7, "2026-07-15 05:14（UTC+0）", "2026-07-15 05:14 (UTC+0)")]
    public void LocalTimeText_OtherZones_NameTheOffsetAtThatInstant(string zone, int year, int month, string zh, string en)
    {
        var at = new DateTimeOffset(year, month, 15, 5, 14, 0, TimeSpan.Zero);
        var text = LocalTimeText.For(zone);

        text.DateTime(at, "zh").ShouldBe(zh);
        text.DateTime(at, "en").ShouldBe(en);
    }

    [Theory]
    [InlineData("zh", "请在2026-11-30 13:14（北京时间）前确认")]
    [InlineData("en", "Answer by 2026-11-30 13:14 (UTC+8).")]
    public void VisitText_Offer_ShowsTheAnswerDeadlineInLocalTime(string language, string expected)
    {
        var (title, body) = VisitText.Offer(Visit(), Site, new HottestWindow(new TimeOnly(13, 0), 3, 36), Clock.GetUtcNow(), "https://x/a", "https://x/d", language, Beijing);

        body.ShouldContain(expected);
        LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(title + body, "the offer");
    }

    [Theory]
    [InlineData("zh", "2026-11-30 13:14（北京时间）的高温检查")]
    [InlineData("en", "The heat check at 2026-11-30 13:14 (UTC+8)")]
    public void VisitText_WeatherFailed_ShowsTheRunTimeInLocalTime(string language, string expected)
    {
        var (title, body) = VisitText.WeatherFailed(12, "timeout", Clock.GetUtcNow(), language, Beijing);

        body.ShouldContain(expected);
        LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc(title + body, "the weather notice");
    }

    [Fact]
    public void LocalTimeAssertions_FindABareUtcTime()
    {
        Should.Throw<ShouldAssertException>(() => LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc("answer by 2026-11-30 05:14 UTC"));
        Should.Throw<ShouldAssertException>(() => LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc("2026-11-30 05:14:00Z UTC."));
        LocalTimeAssertions.ShouldNameTheZoneOfEveryUtc("answer by 2026-11-30 13:14 (UTC+8)");
    }

    private static readonly Site Site = new("S1", "望京工地", "朝阳区", 39.99, 116.47, "construction", 40, "望京街1号");

    private static Visit Visit() => new("S1_20261130", "S1", new DateOnly(2026, 11, 30), "S1_20261130_red", HeatLevel.Red, 40,
        VisitStatus.Assigned, "OF-1", 1, ["OF-1"], Clock.GetUtcNow(), null, null, new SupplyPlan(60, 20, 4), null, null, Clock.GetUtcNow());
}

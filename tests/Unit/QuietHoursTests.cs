using HeatRelief.Delivery;

namespace HeatRelief.Tests.Unit;

/// <summary>When a recipient's quiet window ends, including windows that wrap past midnight.</summary>
public sealed class QuietHoursTests
{
    private const int Beijing = 8 * 3600;
    private static readonly TimeOnly Ten = new(22, 0);
    private static readonly TimeOnly Six = new(6, 0);

    // Local Beijing time as a UTC instant, so each test reads in the recipient's clock.
    private static DateTimeOffset BeijingTime(int day, int hour, int minute) =>
        new DateTimeOffset(2026, 7, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    [Fact]
    public void QuietHours_EndsAt_WrappingWindowBeforeMidnightEndsNextMorning()
    {
        // 23:30 local on the 15th is inside 22:00-06:00; it ends 06:00 local on the 16th = 22:00 UTC on the 15th.
        var ends = QuietHours.EndsAt(Ten, Six, BeijingTime(15, 23, 30), Beijing);

        ends.ShouldBe(new DateTimeOffset(2026, 7, 15, 22, 0, 0, TimeSpan.Zero));

        // DateTimeOffset equality ignores the offset; callers compare with UTC clocks, so check it too.
        ends.ShouldNotBeNull().Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void QuietHours_EndsAt_WrappingWindowAfterMidnightEndsSameMorning()
    {
        // 05:00 local on the 16th ends at 06:00 local on the 16th, again 22:00 UTC on the 15th.
        var ends = QuietHours.EndsAt(Ten, Six, BeijingTime(16, 5, 0), Beijing);

        ends.ShouldBe(new DateTimeOffset(2026, 7, 15, 22, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(12, 0)]
    [InlineData(21, 59)]
    [InlineData(6, 0)]
    public void QuietHours_EndsAt_ReturnsNullOutsideWrappingWindow(int hour, int minute)
    {
        QuietHours.EndsAt(Ten, Six, BeijingTime(15, hour, minute), Beijing).ShouldBeNull();
    }

    [Fact]
    public void QuietHours_EndsAt_IncludesTheStartMinute()
    {
        // 22:00 local on the 15th is the first quiet minute; it ends 06:00 local on the 16th.
        QuietHours.EndsAt(Ten, Six, BeijingTime(15, 22, 0), Beijing)
            .ShouldBe(new DateTimeOffset(2026, 7, 15, 22, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void QuietHours_EndsAt_SameDayWindowEndsThatAfternoon()
    {
        // 13:00 local inside 12:00-14:00 ends 14:00 local = 06:00 UTC.
        var ends = QuietHours.EndsAt(new TimeOnly(12, 0), new TimeOnly(14, 0), BeijingTime(15, 13, 0), Beijing);

        ends.ShouldBe(new DateTimeOffset(2026, 7, 15, 6, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(11, 59)]
    [InlineData(14, 0)]
    [InlineData(23, 0)]
    public void QuietHours_EndsAt_ReturnsNullOutsideSameDayWindow(int hour, int minute)
    {
        QuietHours.EndsAt(new TimeOnly(12, 0), new TimeOnly(14, 0), BeijingTime(15, hour, minute), Beijing).ShouldBeNull();
    }

    [Fact]
    public void QuietHours_EndsAt_ReturnsNullWhenStartEqualsEnd()
    {
        QuietHours.EndsAt(Ten, Ten, BeijingTime(15, 22, 0), Beijing).ShouldBeNull();
    }

    [Fact]
    public void QuietHours_EndsAt_ReturnsNullWhenNotSet()
    {
        QuietHours.EndsAt(null, null, BeijingTime(15, 23, 0), Beijing).ShouldBeNull();
        QuietHours.EndsAt(Ten, null, BeijingTime(15, 23, 0), Beijing).ShouldBeNull();
        QuietHours.EndsAt(null, Six, BeijingTime(15, 23, 0), Beijing).ShouldBeNull();
    }
}

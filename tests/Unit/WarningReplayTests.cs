using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Warnings;
using Microsoft.Extensions.Time.Testing;

namespace HeatRelief.Tests.Unit;

/// <summary>The demo's replay of the bundled warnings: moved by whole days to today, each day a set of its own.</summary>
public sealed class WarningReplayTests
{
    private static readonly string Samples = Path.Combine(TestPaths.Root, "samples", "warnings");
    private static readonly LocalTimeText Beijing = LocalTimeText.For("Asia/Shanghai");

    private static IReadOnlyList<CapDocument> Replayed(DateTimeOffset now, string? from)
    {
        var documents = new WarningFolder(new CapParser()).Read(Samples).Documents;
        var options = Microsoft.Extensions.Options.Options.Create(new WarningsOptions { ReplayFrom = from });
        return new WarningReplay(options, Beijing, new FakeTimeProvider(now)).Apply(documents);
    }

    [Fact]
    public void Apply_MovesEveryTimeByWholeDays_AndNamesTheReplayDay()
    {
        // 2026-07-15 01:00 UTC is 09:00 in Beijing: 2023-06-22 becomes 2026-07-15.
        var replayed = Replayed(new DateTimeOffset(2026, 7, 15, 1, 0, 0, TimeSpan.Zero), "2023-06-22");

        var update = replayed.Single(d => d.Identifier.StartsWith("BJMO-GW-20230622102000", StringComparison.Ordinal));
        update.Identifier.ShouldBe("BJMO-GW-20230622102000-replay-20260715");
        update.Sent.ShouldBe(new DateTimeOffset(2026, 7, 15, 10, 20, 0, TimeSpan.FromHours(8)));
        update.Infos[0].Expires.ShouldBe(new DateTimeOffset(2026, 7, 17, 20, 0, 0, TimeSpan.FromHours(8)));
        update.References.ShouldHaveSingleItem().Identifier.ShouldBe("BJMO-GW-20230621173000-replay-20260715", "a reference follows the message it names");

        var book = new WarningBook(replayed, new HeatClassifier(new WarningsOptions()), Beijing.Zone);
        book.InForce(39.9385, 116.4298, null, new DateOnly(2026, 7, 15), new DateTimeOffset(2026, 7, 15, 9, 0, 0, TimeSpan.FromHours(8)))
            .ShouldHaveSingleItem().Level.ShouldBe(HeatLevel.Orange, "before 10:20 the orange warning is in force");
        book.InForce(39.9385, 116.4298, null, new DateOnly(2026, 7, 15), new DateTimeOffset(2026, 7, 15, 11, 0, 0, TimeSpan.FromHours(8)))
            .ShouldHaveSingleItem().Level.ShouldBe(HeatLevel.Red);
    }

    [Fact]
    public void Apply_TheNextDay_IsANewSetOfMessages()
    {
        var today = Replayed(new DateTimeOffset(2026, 7, 15, 1, 0, 0, TimeSpan.Zero), "2023-06-22");
        var tomorrow = Replayed(new DateTimeOffset(2026, 7, 16, 1, 0, 0, TimeSpan.Zero), "2023-06-22");

        today.Select(d => d.Key).Intersect(tomorrow.Select(d => d.Key)).ShouldBeEmpty("yesterday's stored messages never shadow today's replay");
        tomorrow.Min(d => d.Sent).ShouldBe(today.Min(d => d.Sent).AddDays(1));
    }

    [Fact]
    public void Apply_WithoutReplayFrom_LeavesMessagesAsTheyAre()
    {
        var documents = new WarningFolder(new CapParser()).Read(Samples).Documents;

        Replayed(new DateTimeOffset(2026, 7, 15, 1, 0, 0, TimeSpan.Zero), null).Select(d => (d.Key, d.Sent))
            .ShouldBe(documents.Select(d => (d.Key, d.Sent)));
    }
}

using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>What an alert row keeps of its grade: the delivery reads the advice back from it.</summary>
public sealed class AlertStoreRoundTripTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Day = new(2026, 7, 15);

    [Fact]
    public async Task AlertStore_GetAsync_KeepsAnUnknownHottestWindowUnknownWithItsFallback()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var grade = new HeatGrade(Day, HeatLevel.Orange, HeatLevel.Orange, 38.5, 36.7, HeatIndexBand.Moderate, null, WorkAdvice.LimitOutdoorHours, 6, false, "test")
        {
            FallbackWindow = new HourSpan(11, 20),
        };
        var alert = new Alert(Alert.IdFor("S1", Day, "orange", 0), "S1", Day, AlertKind.Raised, HeatLevel.Orange, HeatLevel.None, grade, 28800, DateTimeOffset.UnixEpoch);
        var store = services.Get<AlertStore>();
        await store.InsertIfAbsentAsync(alert.DateKey, [alert], ct);

        var read = (await store.GetAsync(alert.DateKey, alert.Id, ct)).ShouldNotBeNull().Alert.Grade;

        read.HottestWindow.ShouldBeNull();
        read.FallbackWindow.ShouldBe(new HourSpan(11, 20));
        AdviceText.For(read, "en").ShouldBe(AdviceText.For(grade, "en"));
    }
}

using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Review;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>One heat day summed up from the Alerts, Deliveries and Visits tables, and nothing from other days.</summary>
public sealed class CampaignSummaryTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Day = new(2026, 7, 15);
    private static readonly DateTimeOffset Morning = new(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CampaignSummary_Day_CountsAlertsDeliveriesAndVisits()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        var alerts = new[]
        {
            NewAlert("S1", Day, AlertKind.Raised, HeatLevel.Orange, 0),
            NewAlert("S1", Day, AlertKind.Escalated, HeatLevel.Red, 1),
            NewAlert("S2", Day, AlertKind.Raised, HeatLevel.Yellow, 0),
            NewAlert("S2", Day, AlertKind.Cleared, HeatLevel.None, 2),
            NewAlert("S3", Day, AlertKind.Raised, HeatLevel.Orange, 0),
        };
        var store = services.Get<AlertStore>();
        await store.InsertIfAbsentAsync(Alert.DateKeyOf(Day), alerts, ct);
        var otherDay = NewAlert("S4", Day.AddDays(1), AlertKind.Raised, HeatLevel.Red, 0);
        await store.InsertIfAbsentAsync(Alert.DateKeyOf(Day.AddDays(1)), [otherDay], ct);

        var deliveries = await services.Get<StorageClients>().TableAsync(TableNames.Deliveries, ct);
        foreach (var (alertId, recipient, status, channel) in new[]
        {
            (alerts[1].Id, "R1", DeliveryStatus.Delivered, "webhook"),
            (alerts[1].Id, "R2", DeliveryStatus.Failed, "email"),
            (alerts[1].Id, "R3", DeliveryStatus.Deferred, "console"),
            (alerts[2].Id, "R4", DeliveryStatus.Delivered, "webhook"),
            (otherDay.Id, "R5", DeliveryStatus.Delivered, "email"),
        })
        {
            await deliveries.AddEntityAsync(new TableEntity(alertId, recipient) { ["Status"] = status.ToString(), ["Channel"] = channel, ["Attempts"] = 1 }, ct);
        }

        // Rows in the Visits schema, written directly so the wire format itself is checked.
        var visits = await services.Get<StorageClients>().TableAsync(TableNames.Visits, ct);
        await visits.AddEntityAsync(VisitRow(Day, "S1", "red", "completed", "O1", workers: 40, water: 60.5, soup: 20.0, kits: 5), ct);
        await visits.AddEntityAsync(VisitRow(Day, "S3", "orange", "completed", "O2", workers: 10, water: 12.0, soup: 8.0, kits: 2), ct);
        await visits.AddEntityAsync(VisitRow(Day, "S2", "yellow", "declined", "O3"), ct);
        await visits.AddEntityAsync(VisitRow(Day, "S5", "orange", "pending", null), ct);
        await visits.AddEntityAsync(VisitRow(Day.AddDays(1), "S4", "red", "completed", "O1", workers: 99, water: 99, soup: 99, kits: 99), ct);

        // Acknowledgements: S1 answered after 30 minutes, S3 after 90, S5 not at all; another day's answer does not count.
        var acks = services.Get<Acks.AckStore>();
        foreach (var (alert, answeredAfter) in new[] { (alerts[1], (int?)30), (alerts[4], 90), (NewAlert("S5", Day, AlertKind.Raised, HeatLevel.Orange, 0), null), (otherDay, 5) })
        {
            var ack = Acks.AckCase.Open(alert);
            await acks.InsertIfAbsentAsync(answeredAfter is { } m ? ack.Answered(new Acks.AckAnswer("M", [Acks.AckMeasure.HoursLimited], null, 0, alert.CreatedAt.AddMinutes(m))) : ack, ct);
        }

        var day = await services.Get<CampaignSummary>().GetAsync(Day, ct);

        day.Date.ShouldBe(Day);
        (day.AcksAsked, day.AcksAnswered, day.MedianMinutesToAnswer).ShouldBe((3, 2, 60.0));
        day.AckRate!.Value.ShouldBe(2.0 / 3, 1e-9);
        day.Sites.ShouldBe(
        [
            new SiteLevel("S1", HeatLevel.Red, Cleared: false),
            new SiteLevel("S3", HeatLevel.Orange, Cleared: false),
            new SiteLevel("S2", HeatLevel.Yellow, Cleared: true),
        ]);
        day.AlertsByKind.ShouldBe(new Dictionary<AlertKind, int> { [AlertKind.Raised] = 3, [AlertKind.Escalated] = 1, [AlertKind.Cleared] = 1 }, ignoreOrder: true);
        day.DeliveriesByStatus.ShouldBe(new Dictionary<DeliveryStatus, int> { [DeliveryStatus.Delivered] = 2, [DeliveryStatus.Failed] = 1, [DeliveryStatus.Deferred] = 1 }, ignoreOrder: true);
        day.DeliveriesByChannel.ShouldBe(new Dictionary<string, int> { ["webhook"] = 2, ["email"] = 1, ["console"] = 1 }, ignoreOrder: true);
        day.VisitsByStatus.ShouldBe(new Dictionary<VisitStatus, int> { [VisitStatus.Completed] = 2, [VisitStatus.Declined] = 1, [VisitStatus.Pending] = 1 }, ignoreOrder: true);
        day.VisitsCompleted.ShouldBe(2);
        day.WorkersReached.ShouldBe(50);
        day.WaterLitres.ShouldBe(72.5);
        day.SoupLitres.ShouldBe(28.0);
        day.MedicineKits.ShouldBe(7);
    }

    [Fact]
    public async Task CampaignSummary_QuietDay_IsAllZeros()
    {
        await using var services = new TestServices(azurite);

        var day = await services.Get<CampaignSummary>().GetAsync(Day, TestContext.Current.CancellationToken);

        day.Sites.ShouldBeEmpty();
        day.AlertsByKind.ShouldBeEmpty();
        day.DeliveriesByStatus.ShouldBeEmpty();
        day.VisitsByStatus.ShouldBeEmpty();
        (day.VisitsCompleted, day.WorkersReached, day.WaterLitres, day.SoupLitres, day.MedicineKits).ShouldBe((0, 0, 0.0, 0.0, 0));
        (day.AcksAsked, day.AcksAnswered, day.MedianMinutesToAnswer, day.AckRate).ShouldBe((0, 0, (double?)null, (double?)null));
    }

    private static Alert NewAlert(string site, DateOnly date, AlertKind kind, HeatLevel level, int minutes)
    {
        var grade = new HeatGrade(date, level, level, 38.0, double.NaN, HeatIndexBand.Lower, null, WorkAdvice.None, 24, true, "test");
        var id = Alert.IdFor(site, date, kind == AlertKind.Cleared ? "clear" : level.ToWire(), 0);
        return new Alert(id, site, date, kind, level, HeatLevel.None, grade, 8 * 3600, Morning.AddMinutes(minutes));
    }

    private static TableEntity VisitRow(DateOnly day, string site, string level, string status, string? officer,
        int? workers = null, double? water = null, double? soup = null, int? kits = null)
    {
        var entity = new TableEntity(Alert.DateKeyOf(day), $"{site}_{day:yyyyMMdd}")
        {
            ["SiteId"] = site,
            ["AlertId"] = Alert.IdFor(site, day, level, 0),
            ["Level"] = level,
            ["Status"] = status,
            ["OfficerId"] = officer,
            ["OutdoorWorkers"] = 50,
            ["Attempt"] = 1,
        };
        if (workers is not null)
        {
            entity["WorkersReached"] = workers.Value;
            entity["WaterLitres"] = water ?? 0.0;
            entity["SoupLitres"] = soup ?? 0.0;
            entity["MedicineKits"] = kits ?? 0;
        }

        return entity;
    }
}

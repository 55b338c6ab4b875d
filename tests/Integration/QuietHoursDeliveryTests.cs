using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Quiet hours against the heat day: a non-red alert for today raised late in the evening is not held to the next
/// morning (its day is over by then); it is recorded as skipped, with its reason, and audited. Tomorrow's alert,
/// raised at the same moment, is still held to the end of the window, which falls on its day.
/// </summary>
public sealed class QuietHoursDeliveryTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    // 23:30 in Beijing on the 15th.
    private static readonly DateTimeOffset LateEvening = new(2026, 7, 15, 23, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Delivery_OrangeAlertAfterQuietHoursBegan_SkipsWhenWindowOutlastsTheHeatDayDefersOtherwise()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [37.5, 37.5]));
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "1",
        }, LateEvening.ToUniversalTime());
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Depot,Fengtai,39.8,116.3,sanitation,50"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            $"NIGHT,S1,Night,worker,webhook,{webhooks.Url("/hooks/NIGHT")},en,22:00,06:00",
            $"SHORT,S1,Short,worker,webhook,{webhooks.Url("/hooks/SHORT")},en,23:00,01:00",
            $"EVENING,S1,Evening,worker,webhook,{webhooks.Url("/hooks/EVENING")},en,23:00,23:50",
            $"AWAKE,S1,Awake,worker,webhook,{webhooks.Url("/hooks/AWAKE")},en,,"), ct);

        await services.Get<HeatCheckService>().RunAsync("late-check", ct);
        foreach (var body in await services.DrainAsync(QueueNames.Alerts, ct))
        {
            await services.Get<FanOutService>().HandleAsync(body, 1, "fan-out", ct);
        }

        foreach (var body in await services.DrainAsync(QueueNames.Deliveries, ct))
        {
            await services.Get<DeliveryService>().HandleAsync(body, 1, "chunk", ct);
        }

        var store = services.Get<AlertStore>();
        var today = (await store.ListAsync(Alert.DateKeyOf(Today), ct)).Single().Alert;
        var tomorrow = (await store.ListAsync(Alert.DateKeyOf(Today.AddDays(1)), ct)).Single().Alert;
        today.BypassesQuietHours.ShouldBeFalse("orange");

        // Today's alert: 06:00 and 01:00 are on the 16th, after the heat day: skipped. 23:50 is still the 15th: deferred.
        var deliveries = services.Get<DeliveryStore>();
        var todays = (await deliveries.ListAsync(today.Id, ct)).ToDictionary(r => r.RecipientId);
        todays["NIGHT"].Status.ShouldBe(DeliveryStatus.Skipped);
        todays["NIGHT"].Reason.ShouldBe("heat day over during quiet hours");
        todays["SHORT"].Status.ShouldBe(DeliveryStatus.Skipped);
        todays["EVENING"].Status.ShouldBe(DeliveryStatus.Deferred);
        todays["EVENING"].DeferredUntil.ShouldBe(new DateTimeOffset(2026, 7, 15, 23, 50, 0, TimeSpan.FromHours(8)));
        todays["AWAKE"].Status.ShouldBe(DeliveryStatus.Delivered);

        // Tomorrow's alert: every window ends on its day, so everyone in quiet hours waits for the morning.
        var tomorrows = (await deliveries.ListAsync(tomorrow.Id, ct)).ToDictionary(r => r.RecipientId);
        tomorrows["NIGHT"].Status.ShouldBe(DeliveryStatus.Deferred);
        tomorrows["NIGHT"].DeferredUntil.ShouldBe(new DateTimeOffset(2026, 7, 16, 6, 0, 0, TimeSpan.FromHours(8)));
        tomorrows["SHORT"].Status.ShouldBe(DeliveryStatus.Deferred);
        tomorrows["AWAKE"].Status.ShouldBe(DeliveryStatus.Delivered);

        // Nothing about today went to a sleeper, and no delayed message will send it the next morning.
        webhooks.Calls.Select(c => c.IdempotencyKey).Order().ShouldBe([$"{today.Id}:AWAKE", $"{tomorrow.Id}:AWAKE"]);
        var delayed = (await (await services.Get<StorageClients>().QueueAsync(QueueNames.Deliveries, ct)).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        delayed.ShouldBe(4, "delayed messages: today's alert at 23:50 only; tomorrow's at 23:50, 01:00 and 06:00");

        var summaries = await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationSummary), ct);
        var todaysSummary = summaries.Records.Where(r => r.AlertId == today.Id).ShouldHaveSingleItem();
        todaysSummary.SiteId.ShouldBe("S1");
        todaysSummary.Message.ShouldContain("1 delivered, 0 failed, 1 deferred (quiet hours, until 2026-07-15 23:50 (UTC+8)), 2 skipped (heat day over during quiet hours)");

        // A redelivered chunk leaves a skipped recipient skipped.
        var before = webhooks.Calls.Count;
        await services.Get<DeliveryService>().HandleAsync(
            MessageJson.Serialize(new DeliveryChunkMessage(DeliveryChunkMessage.CurrentVersion, today.Id, today.DateKey, "S1", ["NIGHT", "SHORT"])), 2, "again", ct);
        webhooks.Calls.Count.ShouldBe(before);
        (await deliveries.ListAsync(today.Id, ct)).Where(r => r.RecipientId is "NIGHT" or "SHORT").ShouldAllBe(r => r.Status == DeliveryStatus.Skipped);
    }
}

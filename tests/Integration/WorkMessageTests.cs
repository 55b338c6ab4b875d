using System.Globalization;
using System.Text.Json;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.HeatCheck;
using HeatRelief.Notifications;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Issue 13 step 4: the heat check puts a day's alerts on the alerts queue as work messages of several alerts; the
/// handler tells them one after another, shares the reads and the marks, and continues past its send deadline in a
/// new message.
/// </summary>
public sealed class WorkMessageTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 15);
    private static readonly string DateKey = Alert.DateKeyOf(Today);

    [Fact]
    public async Task WorkMessage_FourAlertsOfADay_OneMessageDeliversEveryAlertWithOneSitesQueryAndOneMarkBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, sites: 4, recipients: 3, ct);
        var (body, _) = await WorkMessageAsync(services, ct);
        var message = JsonSerializer.Deserialize<AlertMessage>(body, MessageJson.Options)!;
        message.Alerts.ShouldNotBeNull().Count.ShouldBe(4);
        message.Alerts.ShouldAllBe(w => w.Alert != null, "new alerts carry their copies");
        message.Alert.ShouldBeNull();

        var counter = services.Get<StorageRequestCounter>();
        var before = counter.Snapshot();
        await services.Get<FanOutService>().HandleAsync(body, 1, "m", ct);
        var after = counter.Snapshot();
        long Used(string kind) => after.GetValueOrDefault(kind) - before.GetValueOrDefault(kind);

        webhooks.Calls.Count.ShouldBe(12);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        var alerts = await services.Get<AlertStore>().ListAsync(DateKey, ct);
        alerts.Count.ShouldBe(4);
        alerts.ShouldAllBe(a => a.Progress.FanOutCompleted && a.Progress.RecipientsQueued == 3);
        foreach (var (alert, _) in alerts)
        {
            (await services.Get<DeliveryStore>().ListAsync(alert.Id, ct)).Count(r => r.Status == DeliveryStatus.Delivered).ShouldBe(3);
        }

        Used("table GET").ShouldBe(5, "one query for the four sites, one recipient page per site, no alert read");
        Used("table PATCH").ShouldBe(0, "no alert is marked on its own");
        // Per alert a claim batch and a Deliveries batch; the four audit rows in one call (a batch per audit bucket they
        // land in, 1 to 4); one mark batch; and this process's first use of the DeliveryChunks and Deliveries tables
        // creates them (up to two more).
        Used("table POST").ShouldBeInRange(4 + 4 + 1 + 1, 4 + 4 + 4 + 1 + 2);
        (await services.DrainAsync(QueueNames.Alerts, ct)).ShouldBeEmpty("no continuation, nothing sent back");
    }

    [Fact]
    public async Task WorkMessage_SingleAlertMessagesOfThePreviousVersion_AreStillDelivered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, sites: 2, recipients: 2, ct);
        await services.Get<HeatCheckService>().RunAsync("test", ct);
        await services.DrainAsync(QueueNames.Alerts, ct);
        var alerts = (await services.Get<AlertStore>().ListAsync(DateKey, ct)).Select(a => a.Alert).OrderBy(a => a.SiteId, StringComparer.Ordinal).ToList();

        // As the previous version queued them: one alert each, the first with its copy, the second (an orphan) without.
        var fanOut = services.Get<FanOutService>();
        await fanOut.HandleAsync(MessageJson.Serialize(new AlertMessage(1, alerts[0].Id, DateKey, AlertSnapshot.Of(alerts[0]))), 1, "old-1", ct);
        await fanOut.HandleAsync($$"""{"schemaVersion":1,"alertId":"{{alerts[1].Id}}","date":"{{DateKey}}"}""", 1, "old-2", ct);

        webhooks.Calls.Count.ShouldBe(4);
        (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ShouldAllBe(a => a.Progress.FanOutCompleted);
        (await services.DrainAsync(QueueNames.Poison(QueueNames.Alerts), ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task WorkMessage_SendDeadlinePassesDuringTheSecondAlert_ContinuationCarriesTheRestWithoutCopies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, sites: 4, recipients: 2, ct);
        var (body, order) = await WorkMessageAsync(services, ct);
        var second = (await services.Get<AlertStore>().ListAsync(DateKey, ct)).Single(a => a.Alert.Id == order[1]).Alert.SiteId;

        // The second alert's sends take five minutes on the handler's clock: past the 4-minute deadline.
        webhooks.Respond = (path, _) =>
        {
            if (path.Contains($"/{second}-", StringComparison.Ordinal))
            {
                services.Clock.Advance(TimeSpan.FromMinutes(2.5));
            }

            return 200;
        };
        await services.Get<FanOutService>().HandleAsync(body, 1, "m", ct);

        var progress = (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ToDictionary(a => a.Alert.Id, a => a.Progress.FanOutCompleted);
        progress[order[0]].ShouldBeTrue();
        progress[order[1]].ShouldBeTrue("an alert started before the deadline is finished");
        progress[order[2]].ShouldBeFalse();
        progress[order[3]].ShouldBeFalse();
        webhooks.Calls.Count.ShouldBe(4);
        var continuation = JsonSerializer.Deserialize<AlertMessage>((await services.DrainAsync(QueueNames.Alerts, ct)).ShouldHaveSingleItem(), MessageJson.Options)!;
        continuation.Date.ShouldBe(DateKey);
        continuation.Work().Select(w => w.AlertId).ShouldBe([order[2], order[3]]);
        continuation.Work().ShouldAllBe(w => w.Alert == null, "a continuation reads its alerts back");

        webhooks.Respond = (_, _) => 200;
        await services.Get<FanOutService>().HandleAsync(MessageJson.Serialize(continuation), 1, "m2", ct);
        (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ShouldAllBe(a => a.Progress.FanOutCompleted);
        webhooks.Calls.Count.ShouldBe(8);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique();
        (await services.DrainAsync(QueueNames.Alerts, ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task InLine_SendDeadlinePassesMidSite_RestOfTheSiteGoesOnAtOnceInTheContinuation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, sites: 2, recipients: 250, ct);
        var (body, order) = await WorkMessageAsync(services, ct);

        // A slow channel: each send takes 3 s on the handler's clock, so the first chunk of 100 ends past the 4-minute deadline.
        webhooks.Respond = (_, _) =>
        {
            services.Clock.Advance(TimeSpan.FromSeconds(3));
            return 200;
        };
        await services.Get<FanOutService>().HandleAsync(body, 1, "m", ct);

        webhooks.Calls.Count.ShouldBe(100, "no chunk is started after the deadline");
        (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ShouldAllBe(a => !a.Progress.FanOutCompleted, "the first alert is not done, the second not started");
        var claims = (await services.Get<ChunkClaimStore>().ReadAsync(order[0], ct)).Values.OrderBy(c => c.Index).ToList();
        claims.ShouldAllBe(c => c.LeaseUntil <= services.Clock.GetUtcNow(), "the claims are released, not left to their 10-minute lease");
        claims.Select(c => c.Attempts).ShouldBe([1, 0, 0], "the chunks not started give their attempt back");
        var summary = (await AuditRowsAsync(services, ct)).ShouldHaveSingleItem();
        summary.ShouldContain("100 delivered");
        summary.ShouldContain("2 chunks go on in another message");
        var continuation = JsonSerializer.Deserialize<AlertMessage>((await services.DrainAsync(QueueNames.Alerts, ct)).ShouldHaveSingleItem(), MessageJson.Options)!;
        continuation.Work().Select(w => w.AlertId).ShouldBe(order, "the alert stopped mid-way goes on first, then the one not started");

        // The continuation (another message) takes the released claims over at once and tells only who is left.
        webhooks.Respond = (_, _) => 200;
        await services.Get<FanOutService>().HandleAsync(MessageJson.Serialize(continuation), 1, "m2", ct);
        webhooks.Calls.Count.ShouldBe(500);
        webhooks.Calls.Select(c => c.IdempotencyKey).ShouldBeUnique("nobody told twice");
        (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ShouldAllBe(a => a.Progress.FanOutCompleted);
        (await services.Get<DeliveryStore>().ListAsync(order[0], ct)).ShouldAllBe(r => r.Status == DeliveryStatus.Delivered && r.Attempts == 1);
        (await services.DrainAsync(QueueNames.Alerts, ct)).ShouldBeEmpty("nothing sent back to wait out a lease");
    }

    [Fact]
    public async Task WorkMessage_DeadlineZero_EachContinuationTellsOneAlertUntilNoneIsLeft()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, sites: 3, recipients: 2, ct, deadlineSeconds: 0);
        await services.Get<HeatCheckService>().RunAsync("test", ct);

        var handled = 0;
        for (var bodies = await services.DrainAsync(QueueNames.Alerts, ct); bodies.Count > 0; bodies = await services.DrainAsync(QueueNames.Alerts, ct))
        {
            await services.Get<FanOutService>().HandleAsync(bodies.ShouldHaveSingleItem(), 1, $"m{handled}", ct);
            handled++;
            webhooks.Calls.Count.ShouldBe(2 * handled, "one alert a message");
        }

        handled.ShouldBe(3);
        (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ShouldAllBe(a => a.Progress.FanOutCompleted);
    }

    [Fact]
    public async Task WorkMessage_RedeliveredAfterItsFirstAlertsWereMarked_DeliversOnlyTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, sites: 4, recipients: 2, ct);
        var (body, order) = await WorkMessageAsync(services, ct);
        var siteOf = (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ToDictionary(a => a.Alert.Id, a => a.Alert.SiteId);

        // A first attempt that told and marked the first two alerts, then died.
        await services.Get<AlertStore>().MarkFannedOutManyAsync(DateKey, [(order[0], 2, 0), (order[1], 2, 0)], ct);
        await services.Get<FanOutService>().HandleAsync(body, 2, "m", ct);

        webhooks.Calls.Count.ShouldBe(4);
        webhooks.Calls.Select(c => c.Path.Split('/')[^1].Split('-')[0]).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(new[] { siteOf[order[2]], siteOf[order[3]] }.Order(StringComparer.Ordinal));
        (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ShouldAllBe(a => a.Progress.FanOutCompleted);
    }

    [Fact]
    public async Task WorkMessage_OneAlertFailsTransiently_TheOthersAreMarkedAndTheRetrySendsOnlyItsRest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = await ArrangeAsync(webhooks, sites: 3, recipients: 2, ct);
        var (body, _) = await WorkMessageAsync(services, ct);
        var failing = true;
        webhooks.Respond = (path, _) => failing && path.EndsWith("/S2-1", StringComparison.Ordinal) ? 503 : 200;

        var fanOut = services.Get<FanOutService>();
        await Should.ThrowAsync<TransientDeliveryException>(() => fanOut.HandleAsync(body, 1, "m", ct));
        var progress = (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ToDictionary(a => a.Alert.SiteId, a => a.Progress.FanOutCompleted);
        progress["S1"].ShouldBeTrue();
        progress["S2"].ShouldBeFalse("its send to S2-1 is retried");
        progress["S3"].ShouldBeTrue("the alerts after the failing one still go out");

        failing = false;
        var sentBefore = webhooks.Calls.Count(c => c.AnsweredStatus == 200);
        await fanOut.HandleAsync(body, 2, "m", ct);
        webhooks.Calls.Count(c => c.AnsweredStatus == 200).ShouldBe(sentBefore + 1, "only S2-1 is sent again");
        (await services.Get<AlertStore>().ListAsync(DateKey, ct)).ShouldAllBe(a => a.Progress.FanOutCompleted);
    }

    [Fact]
    public void Group_TenAlertsAMessageAndCopiesDroppedOnlyWhenTooBig()
    {
        var work = Enumerable.Range(1, 23).Select(i => new AlertWork($"A{i}")).ToList();
        var messages = AlertMessage.Group(DateKey, work);
        messages.Select(m => m.Work().Count).ShouldBe([10, 10, 3]);
        messages.Select(m => m.AlertId).ShouldBe(["A1", "A11", "A21"]);
        messages.ShouldAllBe(m => m.Problem() == null);
        AlertMessage.Group(DateKey, [new AlertWork("A1")]).ShouldHaveSingleItem().Alerts.ShouldBeNull("one alert goes in the first shape");
    }

    private async Task<TestServices> ArrangeAsync(WebhookSink webhooks, int sites, int recipients, CancellationToken ct, int? deadlineSeconds = null)
    {
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0]));
        var settings = new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
        };
        if (deadlineSeconds is { } seconds)
        {
            settings["Storage:WorkMessageDeadlineSeconds"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var services = new TestServices(azurite, settings);
        var folder = TestPaths.NewTempFolder();
        var importer = services.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader,
            [.. Enumerable.Range(1, sites).Select(s => $"S{s},Depot {s},Fengtai,39.8,116.3,sanitation,50")]), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            [.. Enumerable.Range(1, sites).SelectMany(s => Enumerable.Range(1, recipients).Select(i =>
                $"S{s}-{i},S{s},Worker {i},worker,webhook,{webhooks.Url($"/hooks/S{s}-{i}")},en,,"))]), ct);
        return services;
    }

    /// <summary>The messages of the day's delivery summary rows (notification.summary and notification.failed).</summary>
    private static async Task<List<string>> AuditRowsAsync(TestServices services, CancellationToken ct)
    {
        var rows = new List<string>();
        await foreach (var e in (await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct)).QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: ct))
        {
            if (e.GetString("Kind") is AuditKinds.NotificationSummary or AuditKinds.NotificationFailed)
            {
                rows.Add(e.GetString("Message") ?? string.Empty);
            }
        }

        return rows;
    }

    /// <summary>Runs the heat check and takes its one work message: the body, and its alerts' ids in order.</summary>
    private static async Task<(string Body, List<string> Order)> WorkMessageAsync(TestServices services, CancellationToken ct)
    {
        await services.Get<HeatCheckService>().RunAsync("test", ct);
        var body = (await services.DrainAsync(QueueNames.Alerts, ct)).ShouldHaveSingleItem("the day's alerts go in one work message");
        return (body, JsonSerializer.Deserialize<AlertMessage>(body, MessageJson.Options)!.Work().Select(w => w.AlertId).ToList());
    }
}

using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Heat;
using HeatRelief.Messaging;
using HeatRelief.Review;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;
using HeatRelief.Notifications;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Every kind of audit record is written by the action that should write it: the pipeline, the officers'
/// actions and the timer are driven, then the trail is read back through the admins' query.
/// </summary>
public sealed class AuditTrailTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AuditTrail_EveryActionOfACampaign_WritesItsKind()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        webhooks.Respond = (path, _) => path switch { "/r/gone" => 410, "/r/busy" => 503, _ => 200 };
        var forecast = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [37.5]));
        var warnings = TestPaths.NewTempFolder();
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = forecast,
            ["Alerts:LookaheadDays"] = "0",
            ["Visits:MaxAttempts"] = "2",
            ["Visits:AdminRecipients"] = $"webhook:{webhooks.Url("/admins")}",
            ["Warnings:Source"] = "folder",
            ["Warnings:FolderPath"] = warnings,
            // S1's five recipients make it a "large" site here: its fan-out queues chunk messages (notification.queued).
            ["Storage:InlineDeliveryMaxRecipients"] = "3",
        });
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Imports: one accepted, one refused.
        var folder = TestPaths.NewTempFolder();
        CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "S1,Xinfadi,Fengtai,39.8010,116.3020,market,120");
        CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader,
            $"R1,S1,Wang,foreman,webhook,{webhooks.Url("/r/ok")},zh,,",
            $"R2,S1,Li,worker,webhook,{webhooks.Url("/r/gone")},en,,",
            "R3,S1,Zhang,worker,console,13812345678,zh,09:00,11:00",
            $"R4,S1,Zhao,worker,webhook,{webhooks.Url("/r/busy")},zh,,",
            "R5,S1,Qian,worker,console,13812345679,zh,09:00,08:00");
        CsvFiles.Write(folder, "officers.csv", CsvFiles.OfficersHeader,
            "O1,Near,Fengtai,39.8020,116.3020,console,13900000001,1",
            "O2,Far,Fengtai,39.9000,116.3020,console,13900000002,1");
        var output = new StringWriter();
        (await ImportCommand.RunAsync(CommandLine.Parse(["import", folder]), services.Provider, output, ct)).ShouldBe(0, output.ToString());
        var bad = CsvFiles.Write(TestPaths.NewTempFolder(), "sites.csv", CsvFiles.SitesHeader, "S9,Bad,Fengtai,999,116.3,market,1");
        await Should.ThrowAsync<ImportException>(() => ImportCommand.RunAsync(CommandLine.Parse(["import", "--sites", bad]), services.Provider, output, ct));
        await ExpectAsync(services, seen, AuditKinds.ImportCompleted, AuditKinds.ImportRejected);

        // Heat check: orange raised; fan-out; deliveries delivered, failed (410), deferred (quiet hours), skipped (quiet
        // hours that outlast the heat day), poisoned (503 on the last attempt). One row per delivery message: its kind is
        // notification.failed when a recipient failed for good, else notification.summary.
        await services.Get<HeatCheckService>().RunAsync("check-1", ct);
        await HandleAllAsync(services, QueueNames.Alerts, services.Get<FanOutService>(), ct);
        await HandleAllAsync(services, QueueNames.Deliveries, services.Get<DeliveryService>(), ct, lastAttempt: true);
        await ExpectAsync(services, seen, AuditKinds.HeatEvaluated, AuditKinds.AlertRaised, AuditKinds.NotificationQueued,
            AuditKinds.NotificationFailed, AuditKinds.MessagePoisoned);
        var failed = (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationFailed), ct)).Records.ShouldHaveSingleItem();
        failed.Message.ShouldContain("1 delivered, 1 failed, 1 deferred (quiet hours, until 2026-07-15 11:00 (UTC+8)), 1 skipped (heat day over during quiet hours), 1 to retry; failed: R2 (");

        // The visit: offered to O1, declined, reassigned to O2, accepted, completed.
        await HandleAllAsync(services, QueueNames.VisitRequests, services.Get<VisitService>(), ct);
        var id = Visit.IdFor("S1", new DateOnly(2026, 7, 15));
        var actions = services.Get<VisitActions>();
        (await actions.DeclineAsync(id, "at another site", new Actor("officer:O1", "O1"), ct)).Kind.ShouldBe(ActionResultKind.Done);
        (await services.Get<VisitStore>().GetAsync(id, ct))!.Value.OfficerId.ShouldBe("O2");
        (await actions.AcceptAsync(id, new Actor("officer:O2", "O2"), ct)).Kind.ShouldBe(ActionResultKind.Done);
        (await actions.CompleteAsync(id, new VisitReport(110, 150, 50, 12, "all well"), new Actor("officer:O2", "O2"), ct)).Kind.ShouldBe(ActionResultKind.Done);
        await ExpectAsync(services, seen, AuditKinds.VisitCreated, AuditKinds.VisitDeclined, AuditKinds.VisitReassigned,
            AuditKinds.VisitAccepted, AuditKinds.VisitCompleted);

        // Hotter: escalated to red; the site's visit is done, so a second site shows the rest of a visit's life.
        File.WriteAllText(forecast, ForecastBuilder.Json(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [41.0]), new ForecastBuilder.Location(39.95, 116.45, [41.0])));
        await services.Get<SiteDirectory>().UpsertSitesAsync([new Site("S2", "Dongba", "Chaoyang", 39.9510, 116.4520, "construction", 60)], ct);
        await services.Get<HeatCheckService>().RunAsync("check-2", ct);
        await HandleAllAsync(services, QueueNames.Alerts, services.Get<FanOutService>(), ct);
        await ExpectAsync(services, seen, AuditKinds.AlertEscalated);

        // S2 has no recipients yet: told in-line, its message's row counts nobody.
        var s2Summary = (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.NotificationSummary), ct)).Records.ShouldHaveSingleItem();
        s2Summary.SiteId.ShouldBe("S2");
        s2Summary.Message.ShouldEndWith("(in-line): 0 delivered, 0 failed, 0 deferred, 0 skipped; visit requested");
        await ExpectAsync(services, seen, AuditKinds.NotificationSummary);

        // S2's visit: O1 declined S1, so it has room; O2 is at its cap. O1 lets it lapse; nobody is left: unassigned.
        await HandleAllAsync(services, QueueNames.VisitRequests, services.Get<VisitService>(), ct);
        var s2 = Visit.IdFor("S2", new DateOnly(2026, 7, 15));
        (await services.Get<VisitStore>().GetAsync(s2, ct))!.Value.OfficerId.ShouldBe("O1");
        services.Clock.Advance(TimeSpan.FromMinutes(61));
        await services.Get<ReassignmentService>().RunAsync(ct);
        (await services.Get<VisitStore>().GetAsync(s2, ct))!.Value.Status.ShouldBe(VisitStatus.Unassigned, "O1 let it lapse and O2 is at its cap");
        await ExpectAsync(services, seen, AuditKinds.VisitExpired, AuditKinds.VisitUnassigned);

        // O2's cap is raised; the timer offers the visit to O2, who lets it lapse too: two tries, escalated.
        await services.Get<SiteDirectory>().UpsertOfficersAsync([new Officer("O2", "Far", "Fengtai", 39.9000, 116.3020, "console", "13900000002", 2)], ct);
        await services.Get<ReassignmentService>().RunAsync(ct);
        (await services.Get<VisitStore>().GetAsync(s2, ct))!.Value.OfficerId.ShouldBe("O2");
        services.Clock.Advance(TimeSpan.FromMinutes(61));
        await services.Get<ReassignmentService>().RunAsync(ct);
        (await services.Get<VisitStore>().GetAsync(s2, ct))!.Value.Status.ShouldBe(VisitStatus.Escalated);
        await ExpectAsync(services, seen, AuditKinds.VisitEscalated);

        // Sites' acknowledgements: asked by the orange and red alerts (R1 is S1's foreman); silence followed up late in the
        // day (reminder, visit first, admins); then S1's foreman answers.
        var ack = (await services.Get<Acks.AckStore>().GetAsync("2026-07-15", "S1", ct)).ShouldNotBeNull();
        (await services.Get<Acks.AckFollowUp>().RunAsync(new DateTimeOffset(2026, 7, 15, 23, 0, 0, TimeSpan.FromHours(8)), ct)).ShouldBe(6, "three steps for each of S1 and S2");
        var links = services.Get<Acks.AckLinks>();
        var (link, _) = links.Verify(links.Create("S1", ack.Value.Date, "R1", ack.Value.DayEnds));
        (await services.Get<Acks.AckAnswers>().RecordAsync(link!, [Acks.AckMeasure.HoursLimited], null, 0, ct)).Result.ShouldBe(Acks.AckRecordResult.First);
        await ExpectAsync(services, seen, AuditKinds.AckRequested, AuditKinds.AckReminded, AuditKinds.AckEscalated, AuditKinds.AckReceived);

        // The daily digest: S1's foreman (a manager) and the officers with visits that day each get one.
        (await services.Get<Digest.DigestService>().RunAsync(new DateTimeOffset(2026, 7, 15, 7, 30, 0, TimeSpan.FromHours(8)), ct)).ShouldBeGreaterThan(0);
        await ExpectAsync(services, seen, AuditKinds.DigestSent);

        // All clear, then messages: a malformed one rejected, replayed by an admin; another discarded.
        File.WriteAllText(forecast, ForecastBuilder.Json(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [30.0]), new ForecastBuilder.Location(39.95, 116.45, [30.0])));
        await services.Get<HeatCheckService>().RunAsync("check-3", ct);
        await ExpectAsync(services, seen, AuditKinds.AlertCleared);
        await services.Get<FanOutService>().HandleAsync("{not json", 1, "garbage", ct);
        var poison = services.Get<PoisonQueueService>();
        var rejected = (await poison.ListAsync(ct: ct)).Single(m => m.Queue == QueueNames.Alerts);
        (await poison.ReplayAsync(QueueNames.Alerts, rejected.MessageId, "admin:duty", ct)).ShouldBe(ReplayResult.Replayed);
        await services.Get<FanOutService>().HandleAsync("{never json either", 1, "garbage-2", ct);
        var hopeless = (await poison.ListAsync(ct: ct)).Single(m => m.Body == "{never json either");
        (await poison.DiscardAsync(QueueNames.Alerts, hopeless.MessageId, "admin:duty", ct)).ShouldBeTrue();
        await ExpectAsync(services, seen, AuditKinds.MessageRejected, AuditKinds.MessageReplayed, AuditKinds.MessageDiscarded);

        // Official warnings: the observatory's orange warning, its red update and its cancel (all sent by now, 12:02
        // in Beijing), and a broken file; then the folder goes missing and the source fails.
        foreach (var sample in new[] { "01-beijing-heat-orange.xml", "02-beijing-heat-red-update.xml", "03-beijing-heat-cancel.xml" }.Select(f => Path.Combine(TestPaths.Samples, "warnings", f)))
        {
            File.WriteAllText(Path.Combine(warnings, Path.GetFileName(sample)), File.ReadAllText(sample)
                .Replace("2023-06-24T18:00:00", "2023-06-22T11:00:00", StringComparison.Ordinal)
                .Replace("2023-06-21T", "2026-07-14T", StringComparison.Ordinal)
                .Replace("2023-06-22T", "2026-07-15T", StringComparison.Ordinal)
                .Replace("2023-06-23T", "2026-07-16T", StringComparison.Ordinal)
                .Replace("2023-06-24T", "2026-07-17T", StringComparison.Ordinal));
        }

        File.WriteAllText(Path.Combine(warnings, "04-broken.xml"), "<alert>");
        await services.Get<HeatCheckService>().RunAsync("check-w1", ct);
        await ExpectAsync(services, seen, AuditKinds.WarningReceived, AuditKinds.WarningUpdated, AuditKinds.WarningCancelled, AuditKinds.WarningRejected);
        Directory.Delete(warnings, recursive: true);
        await services.Get<HeatCheckService>().RunAsync("check-w2", ct);
        await ExpectAsync(services, seen, AuditKinds.WarningSourceFailed);

        // An admin's check now (a site was just added): the same check, audited with the admin's name.
        (await services.Get<HeatCheckRunner>().RunRequestedAsync("duty-admin", "a site was added", "check-now", ct)).Ran.ShouldBeTrue();
        await ExpectAsync(services, seen, AuditKinds.HeatCheckRequested);

        // The weather source fails: recorded, nothing cleared.
        File.Delete(forecast);
        await Should.ThrowAsync<Exception>(() => services.Get<HeatCheckService>().RunAsync("check-4", ct));
        await ExpectAsync(services, seen, AuditKinds.WeatherFailed);

        // The directory: a finished site, a recipient who left and an officer on leave are deactivated, brought
        // back, then removed, one command each.
        var lifecycle = services.Get<DirectoryLifecycle>();
        foreach (var (kind, recordId) in new[] { (DirectoryKind.Site, "S2"), (DirectoryKind.Recipient, "R4"), (DirectoryKind.Officer, "O2") })
        {
            foreach (var action in new[] { LifecycleAction.Deactivate, LifecycleAction.Activate, LifecycleAction.Remove })
            {
                (await lifecycle.ChangeAsync(kind, recordId, action, "cli", ct)).Changed.ShouldBeTrue();
            }
        }

        await ExpectAsync(services, seen, AuditKinds.SiteDeactivated, AuditKinds.SiteActivated, AuditKinds.SiteRemoved,
            AuditKinds.RecipientDeactivated, AuditKinds.RecipientActivated, AuditKinds.RecipientRemoved,
            AuditKinds.OfficerDeactivated, AuditKinds.OfficerActivated, AuditKinds.OfficerRemoved);

        // The directory from the admins' page: a site, a recipient and an officer added from the form, then edited.
        var changes = services.Get<DirectoryChanges>();
        var forms = new (DirectoryKind Kind, Dictionary<string, string> Fields, string Field, string Edited)[]
        {
            (DirectoryKind.Site, new() { ["id"] = "S7", ["name"] = "Wangjing", ["district"] = "Chaoyang", ["latitude"] = "39.99", ["longitude"] = "116.47", ["kind"] = "construction", ["outdoor_workers"] = "10" }, "outdoor_workers", "12"),
            (DirectoryKind.Recipient, new() { ["id"] = "R7", ["site_id"] = "S7", ["name"] = "Sun", ["role"] = "worker", ["channel"] = "console", ["address"] = "13812345670", ["language"] = "zh" }, "language", "en"),
            (DirectoryKind.Officer, new() { ["id"] = "O7", ["name"] = "Zhou", ["district"] = "Chaoyang", ["latitude"] = "39.99", ["longitude"] = "116.47", ["channel"] = "console", ["address"] = "13900000007", ["max_visits_per_day"] = "2" }, "max_visits_per_day", "3"),
        };
        foreach (var (kind, fields, field, edited) in forms)
        {
            (await changes.SaveAsync(kind, fields, "admin:duty-admin", ct)).Counts.Added.ShouldBe(1);
            (await changes.SaveAsync(kind, new Dictionary<string, string>(fields) { [field] = edited }, "admin:duty-admin", ct)).Counts.Changed.ShouldBe(1);
        }

        await ExpectAsync(services, seen, AuditKinds.SiteAdded, AuditKinds.SiteEdited, AuditKinds.RecipientAdded, AuditKinds.RecipientEdited, AuditKinds.OfficerAdded, AuditKinds.OfficerEdited);

        typeof(AuditKinds).GetFields().Select(f => (string)f.GetRawConstantValue()!).Except(seen).Except(AuditKinds.Retired).ShouldBeEmpty("audit kinds no action wrote");
        foreach (var kind in AuditKinds.Retired)
        {
            (await services.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: kind), ct)).Records.ShouldBeEmpty($"'{kind}' is retired: no action writes it");
        }
    }

    /// <summary>Each kind is found through the admins' query, filtered by kind, with its ids filled in.</summary>
    private static async Task ExpectAsync(TestServices services, HashSet<string> seen, params string[] kinds)
    {
        var query = services.Get<AuditQuery>();
        foreach (var kind in kinds)
        {
            var page = await query.QueryAsync(new AuditFilter(Kind: kind), TestContext.Current.CancellationToken);
            page.Records.ShouldNotBeEmpty($"no '{kind}' record");
            page.Records.ShouldAllBe(r => r.Kind == kind && r.Message.Length > 0);
            if (kind.StartsWith("visit.", StringComparison.Ordinal))
            {
                page.Records.ShouldAllBe(r => r.VisitId != null && r.SiteId != null);
            }

            if (kind.StartsWith("site.", StringComparison.Ordinal) || kind.StartsWith("recipient.", StringComparison.Ordinal))
            {
                page.Records.ShouldAllBe(r => r.SiteId != null);
            }

            if (kind.StartsWith("officer.", StringComparison.Ordinal))
            {
                page.Records.ShouldAllBe(r => r.OfficerId != null);
            }

            seen.Add(kind);
        }
    }

    private static async Task HandleAllAsync<T>(TestServices services, string queue, QueueMessageHandler<T> handler, CancellationToken ct, bool lastAttempt = false)
        where T : class, IQueueMessage
    {
        var client = await services.Get<StorageClients>().QueueAsync(queue, ct);
        while ((await client.ReceiveMessagesAsync(32, cancellationToken: ct)).Value is { Length: > 0 } batch)
        {
            foreach (var m in batch)
            {
                try
                {
                    await handler.HandleAsync(m.Body.ToString(), lastAttempt ? new StorageOptions().MaxDequeueCount : 1, m.MessageId, ct);
                }
                catch (TransientDeliveryException) when (lastAttempt)
                {
                    // The host would move it to the poison queue now; the audit record is what this test wants.
                }

                await client.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
            }
        }
    }
}

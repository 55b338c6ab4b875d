using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Bench.Data;
using HeatRelief.Delivery;
using HeatRelief.HeatCheck;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using Microsoft.AspNetCore.Http;

using static HeatRelief.Tests.Chaos.ChaosChecks;

namespace HeatRelief.Tests.Chaos;

/// <summary>
/// The in-line delivery writes each recipient's Deliveries row once, after the sends. The self-host is SIGKILLed
/// while its first Deliveries batch is on the wire (held by the storage proxy, never stored): the sends of that
/// chunk happened, their rows did not. Another host takes the message over once it is visible again, reads the
/// chunk's rows (none), sends again with the same keys, and writes every row: each recipient ends Delivered once in
/// the table, and only the recipients the kill caught between send and record were sent twice.
/// </summary>
public sealed class DeliveryBatchKillChaosTests(AzuriteFixture azurite)
{
    private const int Sites = 10;
    private const int RecipientsPerSite = 100;

    // The queue hands a killed host's messages to another after this; the chunk claims' lease is as long.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    [Fact]
    [Trait("Category", "Chaos")]
    public async Task SelfHost_KilledBetweenAChunksSendsAndItsDeliveriesBatch_AnotherHostTakesOverAndRecordsEveryone()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var account = azurite.RentAccount();
        await using var sink = await WebhookSink.StartAsync();
        await using var proxy = await StorageProxy.StartAsync(azurite);
        proxy.ReceiveVisibility = Lease;
        var sinkBase = $"http://127.0.0.1:{sink.Port}";

        var recording = RedTodayRecording();
        var shared = new Dictionary<string, string?>
        {
            ["Weather:RecordingPath"] = recording,
            ["Alerts:LookaheadDays"] = "0",
            ["Visits:MaxDistanceKm"] = BenchData.MaxDistanceKm,
        };
        await using var seed = await SeedAsync(azurite, account, shared, Sites, RecipientsPerSite, sinkBase, DateTimeOffset.UtcNow, ct);
        (await seed.Get<HeatCheckService>().RunAsync("chaos-batch-kill", ct)).Enqueued.ShouldBe(Sites);

        // Tables go through the proxy too, so it sees the Deliveries batch.
        var settings = HostSettings(proxy.ConnectionString(azurite, account, sas: true), recording);
        settings["Visits:MaxDistanceKm"] = BenchData.MaxDistanceKm;
        settings["Storage:ChunkClaimLeaseSeconds"] = ((int)Lease.TotalSeconds).ToString(CultureInfo.InvariantCulture);

        // The first table batch that writes Deliveries rows is held, never passed on: the host is killed meanwhile.
        var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.BeforeForward = async (service, request) =>
        {
            if (service != "table" || !HttpMethods.IsPost(request.Method) || request.Path.Value?.EndsWith("$batch", StringComparison.Ordinal) != true || held.Task.IsCompleted)
            {
                return;
            }

            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            var body = await reader.ReadToEndAsync(ct);
            request.Body.Position = 0;
            if (body.Contains($"/{TableNames.Deliveries}(", StringComparison.Ordinal) && held.TrySetResult(body))
            {
                await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted);
            }
        };

        IReadOnlySet<string> inFlight;
        int sendsAtKill;
        using (var first = StartHost(settings, "run", "--no-initial-check"))
        {
            await first.WaitStartedAsync(TimeSpan.FromSeconds(60), ct);
            var batch = await held.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
            first.Kill();
            sendsAtKill = sink.Calls.Count;
            inFlight = await SendingAsync(seed, ct);
            ChaosReport.Line($"killed at {clock.Elapsed.TotalSeconds:0.0} s with a Deliveries batch of {batch.Split("\"RowKey\"", StringSplitOptions.None).Length - 1} rows on the wire; "
                + $"{sendsAtKill} sends received, {inFlight.Count} recipients sent or claimed without a row");
        }

        inFlight.ShouldNotBeEmpty("the held batch's recipients were sent and have no row");
        using (var second = StartHost(settings, "run", "--no-initial-check"))
        {
            await second.WaitStartedAsync(TimeSpan.FromSeconds(60), ct);
            await WaitForAsync(() => Task.FromResult(Distinct(sink) >= Sites * RecipientsPerSite), TimeSpan.FromMinutes(3), second, ct);
            await WaitForAsync(() => QueuesEmptyAsync(seed, ct), TimeSpan.FromMinutes(2), second, ct);
        }

        // Every recipient: one Delivered row, written once after its send, with the columns readers use.
        var alerts = await seed.Get<AlertStore>().ListAsync(Alert.DateKeyOf(DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime)), ct);
        alerts.Count.ShouldBe(Sites);
        alerts.ShouldAllBe(a => a.Progress.FanOutCompleted);
        var records = await DeliveredOnceAsync(seed, alerts.Select(a => a.Alert), Sites * RecipientsPerSite, ct);
        records.ShouldAllBe(r => r.SettledAt != null && r.SiteId != null && r.Level == "red");

        // The same key on every send to a recipient; a second send only where the kill caught the send unrecorded,
        // and there it happened: the taker sent the held chunk again (at least once, as the keys let receivers drop).
        var byRecipient = SendsByRecipient(sink, alerts.Select(a => a.Alert), Sites * RecipientsPerSite);
        var duplicated = byRecipient.Where(r => r.Value.Count > 1).Select(r => r.Key).ToList();
        duplicated.Where(r => !inFlight.Contains(r)).ShouldBeEmpty("only a recipient the kill caught between send and record may be sent twice");
        duplicated.ShouldNotBeEmpty("the held batch's recipients were sent, unrecorded, so the taker sent them again");

        // The taken-over chunks count their second attempt, on their claim and on their rows.
        var chunkTable = await seed.Get<StorageClients>().TableAsync(TableNames.DeliveryChunks, ct);
        var claims = await chunkTable.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct);
        claims.Count.ShouldBe(Sites, "one chunk of 100 per site");
        claims.ShouldContain(c => c.GetInt32("Attempts") >= 2, "a claim of the killed host was taken over");
        records.Where(r => duplicated.Contains(r.RecipientId)).ShouldAllBe(r => r.Attempts >= 2);
        (await QueuesEmptyAsync(seed, ct)).ShouldBeTrue("no queue or poison queue holds anything");

        ChaosReport.Line($"recipients {byRecipient.Count}, delivery records {records.Count} (all Delivered), lost 0; sends {byRecipient.Values.Sum(c => c.Count)}: "
            + $"{duplicated.Count} recipients sent twice (same key), {inFlight.Count} caught in flight; claims taken over {claims.Count(c => c.GetInt32("Attempts") >= 2)}; "
            + $"{clock.Elapsed.TotalSeconds:0} s");
    }
}

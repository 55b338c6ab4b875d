using System.Globalization;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Bench.Data;
using HeatRelief.Delivery;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Chaos;

/// <summary>The checks the chaos tests share: waiting for the pipeline to settle, and what storage holds after it.</summary>
public static class ChaosChecks
{
    /// <summary>
    /// Services on a rented account with the bench's generated sites (one forecast location, red today), each site's
    /// recipients and the officers, all pointing at <paramref name="sinkBase"/>. The caller disposes them.
    /// </summary>
    /// <param name="now">The services' clock; null: the test services' fixed day.</param>
    public static async Task<TestServices> SeedAsync(AzuriteFixture azurite, string account, IReadOnlyDictionary<string, string?> settings, int sites, int recipientsPerSite, string sinkBase, DateTimeOffset? now, CancellationToken ct)
    {
        var seed = new TestServices(azurite, settings, now, account);
        await seed.Get<StorageClients>().EnsureCreatedAsync(ct);
        var directory = seed.Get<SiteDirectory>();
        await directory.UpsertSitesAsync(BenchData.Sites(sites), ct);
        for (var s = 0; s < sites; s++)
        {
            await directory.UpsertRecipientsAsync(BenchData.Recipients(s, recipientsPerSite, sinkBase), ct);
        }

        await directory.UpsertOfficersAsync(BenchData.Officers(sites, sinkBase), ct);
        return seed;
    }

    /// <summary>The forecast every chaos test records: red today (41 °C) at the bench sites' one location, 30 °C after, so one alert per site.</summary>
    public static string RedTodayRecording(DateOnly? day = null) =>
        ForecastBuilder.WriteFile(day ?? new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.8, 116.3, [41.0, 30.0, 30.0]));

    /// <summary>
    /// A self-host process's settings on <paramref name="connectionString"/>: the recorded forecast, today only, no timer
    /// of its own (the test services' yearly schedules), queues polled every half second and a failed message back after one.
    /// </summary>
    public static Dictionary<string, string?> HostSettings(string connectionString, string recording) => new(TestServices.BaseSettings(connectionString, prefix: null))
    {
        ["Weather:RecordingPath"] = recording,
        ["Alerts:LookaheadDays"] = "0",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500",
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01",
    };

    /// <summary>Starts the self-host as a process on a free HTTP port, with the command's arguments.</summary>
    public static SelfHostProcess StartHost(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var withPort = new Dictionary<string, string?>(settings) { ["SelfHost:HttpPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture) };
        return SelfHostProcess.Start(withPort, args.Length == 0 ? ["run"] : args);
    }

    /// <summary>The alerts' Deliveries records, checked: one per recipient (<paramref name="expected"/> in all), every one Delivered.</summary>
    public static async Task<List<DeliveryRecord>> DeliveredOnceAsync(TestServices services, IEnumerable<Alert> alerts, int expected, CancellationToken ct)
    {
        var records = new List<DeliveryRecord>();
        foreach (var alert in alerts)
        {
            records.AddRange(await services.Get<DeliveryStore>().ListAsync(alert.Id, ct));
        }

        records.Count.ShouldBe(expected, "one delivery record per recipient");
        records.Where(r => r.Status != DeliveryStatus.Delivered).ShouldBeEmpty();
        records.Select(r => (r.AlertId, r.RecipientId)).ShouldBeUnique();
        return records;
    }

    /// <summary>
    /// The sends to workers' hooks by recipient id, checked: every recipient reached (<paramref name="expected"/>), and
    /// every send to one carried its one idempotency key (its site's alert's id and its own), a repeat included.
    /// </summary>
    public static Dictionary<string, List<WebhookCall>> SendsByRecipient(WebhookSink sink, IEnumerable<Alert> alerts, int expected)
    {
        var byRecipient = sink.Calls.Where(c => c.Path.StartsWith("/hooks/", StringComparison.Ordinal))
            .GroupBy(c => c.Path["/hooks/".Length..]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        byRecipient.Count.ShouldBe(expected, "nobody was missed");
        var alertOf = alerts.ToDictionary(a => a.SiteId, a => a.Id, StringComparer.Ordinal);
        foreach (var (recipient, calls) in byRecipient)
        {
            var key = DeliveryService.IdempotencyKey(alertOf[recipient[..recipient.IndexOf('-', StringComparison.Ordinal)]], recipient);
            calls.ShouldAllBe(c => c.IdempotencyKey == key, $"every send to {recipient} carries its one key");
        }

        return byRecipient;
    }

    /// <summary>How many distinct notifications reached workers' hooks (one idempotency key each).</summary>
    public static int Distinct(WebhookSink sink) =>
        sink.Calls.Where(c => c.Path.StartsWith("/hooks/", StringComparison.Ordinal)).Select(c => c.IdempotencyKey).Distinct().Count();

    /// <summary>Polls until <paramref name="done"/>; fails at once if the self-host died, and after the timeout with its output.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> done, TimeSpan timeout, SelfHostProcess host, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"The self-host exited:\n{host.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not done within {timeout.TotalSeconds:0} s. Self-host output:\n{host.Output}");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>
    /// With no host alive, the recipients a kill caught mid-send: those whose row is still "Sending" (a claim on the
    /// deliveries-queue path, or an in-line send that failed transiently), and those of a claimed in-line chunk
    /// (DeliveryChunks: its first to last recipient id) that have no row yet, as the rows are written after the sends.
    /// </summary>
    public static async Task<IReadOnlySet<string>> SendingAsync(TestServices services, CancellationToken ct)
    {
        var clients = services.Get<StorageClients>();
        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        var result = new HashSet<string>(StringComparer.Ordinal);
        var rows = new HashSet<(string, string)>();
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Status"], cancellationToken: ct))
        {
            rows.Add((e.PartitionKey, e.RowKey));
            if (DeliveryStatusWire.FromWire(e.GetString("Status")) == DeliveryStatus.Sending)
            {
                result.Add(e.RowKey);
            }
        }

        var chunks = await clients.TableAsync(TableNames.DeliveryChunks, ct);
        var claims = await chunks.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct);
        if (claims.Count == 0)
        {
            return result;
        }

        var bySite = (await services.Get<SiteDirectory>().ListRecipientsAsync(ct)).ToLookup(r => r.SiteId, r => r.Id);
        foreach (var claim in claims.Where(c => !c.RowKey.StartsWith('r')))
        {
            var (first, last) = (claim.GetString("FirstRecipientId")!, claim.GetString("LastRecipientId")!);
            result.UnionWith(bySite[claim.GetString("SiteId")!].Where(id => string.CompareOrdinal(id, first) >= 0 && string.CompareOrdinal(id, last) <= 0
                && !rows.Contains((claim.PartitionKey, id))));
        }

        return result;
    }

    /// <summary>The queues and poison queues that hold messages (visible or not), with their approximate counts: "none" when empty.</summary>
    public static async Task<string> QueueCountsAsync(TestServices services, CancellationToken ct)
    {
        var clients = services.Get<StorageClients>();
        var counts = new List<string>();
        foreach (var name in QueueNames.All.Concat(QueueNames.All.Select(QueueNames.Poison)))
        {
            var queue = await clients.QueueAsync(name, ct);
            if ((await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount is > 0 and var count)
            {
                counts.Add($"{name} {count}");
            }
        }

        return counts.Count == 0 ? "none" : string.Join(", ", counts);
    }

    /// <summary>Every queue and poison queue holds no message, visible or not.</summary>
    public static async Task<bool> QueuesEmptyAsync(TestServices services, CancellationToken ct)
    {
        var clients = services.Get<StorageClients>();
        foreach (var name in QueueNames.All.Concat(QueueNames.All.Select(QueueNames.Poison)))
        {
            var queue = await clients.QueueAsync(name, ct);
            if ((await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount > 0)
            {
                return false;
            }
        }

        return true;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeatRelief.Bench;

/// <summary>The figures of one run. The first ten JSON keys are the ones docs/PERFORMANCE.md reports.</summary>
public sealed record BenchResult
{
    [JsonPropertyName("sites")] public required int Sites { get; init; }

    [JsonPropertyName("recipients")] public required long Recipients { get; init; }

    /// <summary>From the heat-check tick to the last first delivery at the sink.</summary>
    [JsonPropertyName("wallSeconds")] public required double WallSeconds { get; init; }

    [JsonPropertyName("notificationsPerSecond")] public required double NotificationsPerSecond { get; init; }

    /// <summary>Every storage request of the run (the pipeline's clients and the host's queue listeners), per notification.</summary>
    [JsonPropertyName("storageTransactionsPerNotification")] public required double StorageTransactionsPerNotification { get; init; }

    [JsonPropertyName("queueMessagesPerNotification")] public required double QueueMessagesPerNotification { get; init; }

    /// <summary>Of the bench process, which runs the self-host, the webhook sink and the fake weather API.</summary>
    [JsonPropertyName("peakWorkingSetMb")] public required double PeakWorkingSetMb { get; init; }

    /// <summary>Entities per second, inserted as transactions of 100 per partition.</summary>
    [JsonPropertyName("azuriteBatchInsertsPerSecond")] public required double AzuriteBatchInsertsPerSecond { get; init; }

    [JsonPropertyName("azuriteEnqueuesPerSecond")] public required double AzuriteEnqueuesPerSecond { get; init; }

    /// <summary>notificationsPerSecond / azuriteBatchInsertsPerSecond.</summary>
    [JsonPropertyName("fractionOfAzuriteInsertRate")] public required double FractionOfAzuriteInsertRate { get; init; }

    /// <summary>Table entities written per notification (each entity of a batch counts; inserts, updates, deletes).</summary>
    [JsonPropertyName("entityWritesPerNotification")] public required double EntityWritesPerNotification { get; init; }

    /// <summary>The largest fraction of the run's entity writes that went to one table partition.</summary>
    [JsonPropertyName("maxPartitionWriteShare")] public required double MaxPartitionWriteShare { get; init; }

    /// <summary>That partition, as "Table/PartitionKey".</summary>
    [JsonPropertyName("maxWritePartition")] public required string MaxWritePartition { get; init; }

    [JsonPropertyName("entityWrites")] public required long EntityWrites { get; init; }

    /// <summary>The five partitions ("Table/PartitionKey") that took the most entity writes, with their counts, hottest first.</summary>
    [JsonPropertyName("topWritePartitions")] public required IReadOnlyDictionary<string, long> TopWritePartitions { get; init; }

    /// <summary>Each table's partition that took the most entity writes ("Table/PartitionKey"), with its count, hottest first.</summary>
    [JsonPropertyName("hottestPartitionPerTable")] public required IReadOnlyDictionary<string, long> HottestPartitionPerTable { get; init; }

    /// <summary>Azurite's CPU time during the pipeline run, per notification.</summary>
    [JsonPropertyName("azuriteCpuMsPerNotification")] public required double AzuriteCpuMsPerNotification { get; init; }

    /// <summary>The bench process's CPU time (the self-host, the webhook sink, the fake weather API) during the run, per notification.</summary>
    [JsonPropertyName("hostCpuMsPerNotification")] public required double HostCpuMsPerNotification { get; init; }

    /// <summary>Azurite's CPU time per entity of the timed batched inserts: what the raw ceiling costs it.</summary>
    [JsonPropertyName("azuriteCpuMsPerInsertedEntity")] public required double AzuriteCpuMsPerInsertedEntity { get; init; }

    /// <summary>The bench process's CPU time (the SDK client) per entity of the timed ceiling inserts.</summary>
    [JsonPropertyName("hostCpuMsPerInsertedEntity")] public required double HostCpuMsPerInsertedEntity { get; init; }

    /// <summary>Entities inserted, untimed, before the ceiling's timed pass: until the rate settled, within bounds.</summary>
    [JsonPropertyName("azuriteInsertWarmUpEntities")] public required long AzuriteInsertWarmUpEntities { get; init; }

    /// <summary>Whether the warm-up's last rounds agreed (false: it hit its bound first, so the ceiling is less sure).</summary>
    [JsonPropertyName("azuriteInsertWarmUpSteady")] public required bool AzuriteInsertWarmUpSteady { get; init; }

    /// <summary>Each warm-up round's rate, entities per second: how the rate settled.</summary>
    [JsonPropertyName("azuriteInsertWarmUpRates")] public required IReadOnlyList<double> AzuriteInsertWarmUpRates { get; init; }

    [JsonPropertyName("completed")] public required bool Completed { get; init; }

    [JsonPropertyName("notificationsDelivered")] public required long NotificationsDelivered { get; init; }

    [JsonPropertyName("duplicateDeliveries")] public required long DuplicateDeliveries { get; init; }

    [JsonPropertyName("alertsRaised")] public required long AlertsRaised { get; init; }

    [JsonPropertyName("visitsRequested")] public required long VisitsRequested { get; init; }

    [JsonPropertyName("visitsAssigned")] public required long VisitsAssigned { get; init; }

    [JsonPropertyName("visitsUnassigned")] public required long VisitsUnassigned { get; init; }

    [JsonPropertyName("officerOffers")] public required long OfficerOffers { get; init; }

    [JsonPropertyName("storageTransactions")] public required long StorageTransactions { get; init; }

    /// <summary>Storage requests by service and HTTP method, e.g. "table POST" (batches and inserts), "queue DELETE".</summary>
    [JsonPropertyName("storageTransactionsByKind")] public required IReadOnlyDictionary<string, long> StorageTransactionsByKind { get; init; }

    /// <summary>The table requests of <see cref="StorageTransactionsByKind"/> by table and method ("Sites GET"); a batch counts under its first entity's table.</summary>
    [JsonPropertyName("tableRequestsByTable")] public required IReadOnlyDictionary<string, long> TableRequestsByTable { get; init; }

    [JsonPropertyName("queueMessages")] public required long QueueMessages { get; init; }

    /// <summary>Weather requests of the pipeline's heat check of <see cref="Sites"/> sites.</summary>
    [JsonPropertyName("weatherRequests")] public required long WeatherRequests { get; init; }

    [JsonPropertyName("weatherCheckSites")] public required int WeatherCheckSites { get; init; }

    /// <summary>Weather requests to fetch forecasts for <see cref="WeatherCheckSites"/> sites.</summary>
    [JsonPropertyName("weatherCheckRequests")] public required long WeatherCheckRequests { get; init; }

    [JsonPropertyName("weatherCheckLocations")] public required long WeatherCheckLocations { get; init; }

    [JsonPropertyName("azuritePeakWorkingSetMb")] public required double AzuritePeakWorkingSetMb { get; init; }

    [JsonPropertyName("setupSeconds")] public required double SetupSeconds { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The human table.</summary>
    public string Table()
    {
        var rows = new List<(string, string)>
        {
            ("sites x recipients", Invariant($"{Sites:N0} x {(Sites == 0 ? 0 : Recipients / Sites):N0} = {Recipients:N0} notifications")),
            ("completed", Completed ? "yes" : Invariant($"NO: {NotificationsDelivered:N0} of {Recipients:N0} delivered")),
            ("wall, tick to last delivery", Invariant($"{WallSeconds:0.0} s")),
            ("notifications per second", Invariant($"{NotificationsPerSecond:0.0}")),
            ("storage transactions / notification", Invariant($"{StorageTransactionsPerNotification:0.0000} ({StorageTransactions:N0} in all)")),
            ("queue messages / notification", Invariant($"{QueueMessagesPerNotification:0.0000} ({QueueMessages:N0} in all)")),
            ("peak working set (bench process)", Invariant($"{PeakWorkingSetMb:0} MB (Azurite: {AzuritePeakWorkingSetMb:0} MB)")),
            ("Azurite batched inserts", Invariant($"{AzuriteBatchInsertsPerSecond:0} entities/s (after {AzuriteInsertWarmUpEntities:N0} warm-up entities, {(AzuriteInsertWarmUpSteady ? "steady" : "NOT steady")})")),
            ("Azurite enqueues", Invariant($"{AzuriteEnqueuesPerSecond:0} messages/s")),
            ("pipeline / Azurite insert rate", Invariant($"{FractionOfAzuriteInsertRate:0.000}")),
            ("entity writes / notification", Invariant($"{EntityWritesPerNotification:0.000} ({EntityWrites:N0} in all)")),
            ("largest partition's share of writes", Invariant($"{MaxPartitionWriteShare:0.000} ({MaxWritePartition})")),
            ("CPU ms / notification", Invariant($"Azurite {AzuriteCpuMsPerNotification:0.000}, bench process {HostCpuMsPerNotification:0.000}")),
            ("CPU ms / raw inserted entity", Invariant($"Azurite {AzuriteCpuMsPerInsertedEntity:0.0000}, bench process {HostCpuMsPerInsertedEntity:0.0000}")),
            ("alerts raised, visits requested", Invariant($"{AlertsRaised:N0}, {VisitsRequested:N0}")),
            ("visits assigned, unassigned; offers sent", Invariant($"{VisitsAssigned:N0}, {VisitsUnassigned:N0}; {OfficerOffers:N0}")),
            ("duplicate deliveries (dropped by key)", Invariant($"{DuplicateDeliveries:N0}")),
            ("weather requests, pipeline heat check", Invariant($"{WeatherRequests:N0} for {Sites:N0} sites")),
            ("weather requests, heat check scale", Invariant($"{WeatherCheckRequests:N0} for {WeatherCheckSites:N0} sites ({WeatherCheckLocations:N0} cells)")),
        };
        var text = new StringBuilder();
        var width = rows.Max(r => r.Item1.Length);
        foreach (var (name, value) in rows)
        {
            text.Append(name.PadRight(width)).Append("  ").AppendLine(value);
        }

        text.Append("storage requests by kind".PadRight(width)).Append("  ")
            .AppendLine(string.Join(", ", StorageTransactionsByKind.Select(kv => Invariant($"{kv.Key} {kv.Value:N0}"))));
        text.Append("table requests by table".PadRight(width)).Append("  ")
            .AppendLine(string.Join(", ", TableRequestsByTable.Select(kv => Invariant($"{kv.Key} {kv.Value:N0}"))));
        return text.ToString().TrimEnd();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

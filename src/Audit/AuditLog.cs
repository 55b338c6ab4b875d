using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Storage;
using Microsoft.Extensions.Options;

namespace HeatRelief.Audit;

/// <summary>
/// Writes the audit trail: each local day spread over <see cref="Buckets"/> partitions ("2026-07-15_a"), row keys that
/// sort newest first, several records of one call written as one batch per partition. Rows written before the buckets
/// sit in the bare day partition ("2026-07-15"); <see cref="PartitionsOf"/> names both, and readers merge them.
/// </summary>
public sealed class AuditLog(StorageClients clients, TimeProvider time, IOptions<AuditOptions> options)
{
    /// <summary>
    /// Partitions per day. Every delivery writes an audit row, so one partition a day would take about a third of all
    /// entity writes, and Azure serves about 2,000 entities/s per partition; 16 keeps each under a tenth of a day's.
    /// </summary>
    public const int Buckets = PartitionBuckets.Count;

    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public TimeZoneInfo Zone => _zone;

    public Task WriteAsync(AuditRecord record, CancellationToken ct) => WriteManyAsync([record], ct);

    /// <summary>
    /// Adds the records; each batch of up to 100 of one day goes to one bucket, chosen by its first row key (random),
    /// so a call costs as many requests as it did with one partition a day.
    /// </summary>
    public async Task WriteManyAsync(IReadOnlyCollection<AuditRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return;
        }

        var table = await clients.TableAsync(TableNames.AuditLog, ct);
        var now = time.GetUtcNow();
        var entities = records.Select((r, i) => ToEntity(r, r.Time ?? now, i));
        foreach (var day in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var batch in day.Chunk(100))
            {
                var partition = PartitionKeyOf(day.Key, BucketOf(batch[0].RowKey));
                await table.SubmitTransactionAsync(batch.Select(e =>
                {
                    e.PartitionKey = partition;
                    return new TableTransactionAction(TableTransactionActionType.Add, e);
                }), ct);
            }
        }
    }

    /// <summary>
    /// Writes records that may be written again (a decision re-recorded after a crash): each record's row is named
    /// by its time and its key, and its bucket by that row key, so a second write replaces the first instead of adding
    /// a twin. Each record needs its <see cref="AuditRecord.Time"/>, the moment of the decision, the same on every write.
    /// </summary>
    public async Task WriteOnceAsync(IReadOnlyCollection<(AuditRecord Record, string Key)> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return;
        }

        var table = await clients.TableAsync(TableNames.AuditLog, ct);
        var entities = records.Select(r =>
        {
            var when = r.Record.Time ?? throw new ArgumentException($"audit record '{r.Key}' written once needs its Time", nameof(records));
            var entity = ToEntity(r.Record, when, 0);
            // The row key keeps the shape of RowKeyOf (continuation tokens check it): the key's hash stands in for the random part.
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(r.Key)))[..32];
            entity.RowKey = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - when.UtcTicks:D19}-000-{hash}");
            entity.PartitionKey = PartitionKeyOf(entity.PartitionKey, BucketOf(entity.RowKey));
            return entity;
        });
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var batch in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);
            }
        }
    }

    /// <summary>The local day (yyyy-MM-dd) a moment belongs to, in the audit time zone.</summary>
    public string DayOf(DateTimeOffset utc) =>
        TimeZoneInfo.ConvertTime(utc, _zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Every partition a day's rows may be in: the bare day (rows written before the buckets), then each bucket.</summary>
    public static IReadOnlyList<string> PartitionsOf(DateOnly day) => PartitionBuckets.All(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Row keys sort ascending, so invert the time to list the newest first.</summary>
    public static string RowKeyOf(DateTimeOffset utc, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - utc.UtcTicks:D19}-{sequence:D3}-{Guid.NewGuid():N}");

    /// <summary>The bucket of a row key (<see cref="PartitionBuckets.Of"/>): the same in every process and version.</summary>
    public static int BucketOf(string rowKey) => PartitionBuckets.Of(rowKey);

    private static string PartitionKeyOf(string day, int bucket) => PartitionBuckets.KeyOf(day, bucket);

    /// <summary>The entity in its day's bare partition; the writer moves it to a bucket.</summary>
    private TableEntity ToEntity(AuditRecord r, DateTimeOffset when, int sequence) => new(DayOf(when), RowKeyOf(when, sequence))
    {
        ["Time"] = when,
        ["Kind"] = r.Kind,
        ["SiteId"] = r.SiteId,
        ["OfficerId"] = r.OfficerId,
        ["AlertId"] = r.AlertId,
        ["VisitId"] = r.VisitId,
        ["Actor"] = r.Actor ?? "system",
        ["CorrelationId"] = r.CorrelationId,
        ["Message"] = Masking.MaskText(Clip(r.Message, 1000)),
        ["Details"] = r.Details is null ? null : Masking.MaskText(Clip(JsonSerializer.Serialize(r.Details, MessageJson.Readable), 30_000)),
    };

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "...";
}

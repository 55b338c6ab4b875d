using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Storage;
using Microsoft.Extensions.Options;

namespace HeatRelief.Audit;

/// <summary>
/// Writes the audit trail: one partition per local day, row keys that sort newest first, several records
/// of one call written as one batch per partition.
/// </summary>
public sealed class AuditLog(StorageClients clients, TimeProvider time, IOptions<AuditOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public TimeZoneInfo Zone => _zone;

    public Task WriteAsync(AuditRecord record, CancellationToken ct) => WriteManyAsync([record], ct);

    public async Task WriteManyAsync(IReadOnlyCollection<AuditRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return;
        }

        var table = await clients.TableAsync(TableNames.AuditLog, ct);
        var now = time.GetUtcNow();
        var entities = records.Select((r, i) => ToEntity(r, r.Time ?? now, i));
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var batch in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct);
            }
        }
    }

    /// <summary>
    /// Writes records that may be written again (a decision re-recorded after a crash): each record's row is named
    /// by its time and its key, so a second write replaces the first instead of adding a twin. Each record
    /// needs its <see cref="AuditRecord.Time"/>, the moment of the decision, the same on every write.
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

    /// <summary>The partition (local day, yyyy-MM-dd) a moment belongs to.</summary>
    public string PartitionOf(DateTimeOffset utc) =>
        TimeZoneInfo.ConvertTime(utc, _zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Row keys sort ascending, so invert the time to list the newest first.</summary>
    public static string RowKeyOf(DateTimeOffset utc, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - utc.UtcTicks:D19}-{sequence:D3}-{Guid.NewGuid():N}");

    private TableEntity ToEntity(AuditRecord r, DateTimeOffset when, int sequence) => new(PartitionOf(when), RowKeyOf(when, sequence))
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

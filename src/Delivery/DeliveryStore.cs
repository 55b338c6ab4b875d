using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Delivery;

/// <summary>Where a recipient's notification of an alert stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Claimed by a handler and being sent (or its sender died: the retry sends again, same key).</summary>
    Sending,

    /// <summary>Held until the recipient's quiet hours end; a delayed message will send it.</summary>
    Deferred,

    /// <summary>Sent and acknowledged by the channel.</summary>
    Delivered,

    /// <summary>Failed for good (bad address, refused); the reason is kept.</summary>
    Failed,

    /// <summary>
    /// Not sent on purpose: the recipient's quiet hours last past the end of the alert's heat day, so the
    /// notice would arrive the next morning about a day that is over. The reason is kept.
    /// </summary>
    Skipped,
}

/// <summary>One row of the Deliveries table (partition: alert id, row: recipient id).</summary>
public sealed record DeliveryRecord(string AlertId, string RecipientId, DeliveryStatus Status, string Channel, int Attempts, DateTimeOffset? DeferredUntil, string? Reason, ETag ETag);

/// <summary>The Deliveries table. A recipient has at most one row per alert: the proof it was handled.</summary>
public sealed class DeliveryStore(StorageClients clients)
{
    public async Task<IReadOnlyDictionary<string, DeliveryRecord>> ReadAsync(string alertId, IReadOnlyCollection<string> recipientIds, CancellationToken ct)
    {
        var result = new Dictionary<string, DeliveryRecord>(StringComparer.Ordinal);
        if (recipientIds.Count == 0)
        {
            return result;
        }

        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        await foreach (var e in table.RowsByKeysAsync(alertId, recipientIds, ct))
        {
            result[e.RowKey] = ToRecord(e);
        }

        return result;
    }

    /// <summary>Every record of an alert (for summaries and tests).</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(string alertId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        var result = new List<DeliveryRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == alertId, cancellationToken: ct))
        {
            result.Add(ToRecord(e));
        }

        return result;
    }

    /// <summary>
    /// Inserts new claims of one alert (at most 100) as one all-or-nothing batch. False when a row already
    /// exists: then nothing was written, and the caller reads the records and claims with <see cref="ClaimAsync"/>.
    /// </summary>
    public async Task<bool> TryInsertAllAsync(string alertId, IReadOnlyList<TableTransactionAction> inserts, CancellationToken ct)
    {
        if (inserts.Count is 0 or > 100 || inserts.Any(a => a.ActionType != TableTransactionActionType.Add || a.Entity.PartitionKey != alertId))
        {
            return false;
        }

        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        try
        {
            await table.SubmitTransactionAsync(inserts, ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Applies claims (inserts and ETag-checked updates) of one alert in one batch; when the batch loses a
    /// race, applies them one by one. Returns the recipient ids whose claim this call won.
    /// </summary>
    public async Task<IReadOnlySet<string>> ClaimAsync(string alertId, IReadOnlyList<TableTransactionAction> claims, CancellationToken ct)
    {
        var won = new HashSet<string>(StringComparer.Ordinal);
        if (claims.Count == 0)
        {
            return won;
        }

        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        foreach (var batch in claims.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(batch, ct);
                won.UnionWith(batch.Select(a => a.Entity.RowKey));
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                foreach (var action in batch)
                {
                    try
                    {
                        await table.SubmitTransactionAsync([action], ct);
                        won.Add(action.Entity.RowKey);
                    }
                    catch (TableTransactionFailedException lost) when (lost.Status is 409 or 412)
                    {
                        // Another handler claimed this recipient first; it sends.
                    }
                }
            }
        }

        return won;
    }

    /// <summary>Writes final outcomes (the claim is ours, so no ETag check).</summary>
    public async Task CompleteAsync(string alertId, IReadOnlyList<TableEntity> outcomes, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        foreach (var batch in outcomes.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge, e, ETag.All)), ct);
        }
    }

    private static DeliveryRecord ToRecord(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey,
        Enum.TryParse<DeliveryStatus>(e.GetString("Status"), out var s) ? s : DeliveryStatus.Sending,
        e.GetString("Channel") ?? string.Empty,
        e.GetInt32("Attempts") ?? 0,
        e.GetDateTimeOffset("DeferredUntil"),
        e.GetString("Reason"),
        e.ETag);
}

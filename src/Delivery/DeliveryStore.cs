using Azure;
using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Storage;

namespace HeatRelief.Delivery;

/// <summary>The Deliveries table. A recipient has at most one row per alert: the proof it was handled.</summary>
public sealed class DeliveryStore(StorageClients clients)
{
    /// <summary>
    /// The partition of a chunk's rows of an alert: the alert's own, or for a very large site's chunk the bucket it
    /// carries (<see cref="DeliveryChunkMessage.Bucket"/>, its range's), "{alertId}_{bucket:x}" (<see cref="PartitionBuckets"/>),
    /// so that one alert's rows are not all written to one partition while a chunk's stay in one.
    /// </summary>
    public static string PartitionOf(string alertId, int? bucket) =>
        bucket is { } b ? PartitionBuckets.KeyOf(alertId, b) : alertId;

    /// <summary>The records of these recipients of an alert in one partition (<see cref="PartitionOf"/>): one range query.</summary>
    public async Task<IReadOnlyDictionary<string, DeliveryRecord>> ReadAsync(string alertId, IReadOnlyCollection<string> recipientIds, int? bucket, CancellationToken ct)
    {
        var result = new Dictionary<string, DeliveryRecord>(StringComparer.Ordinal);
        if (recipientIds.Count == 0)
        {
            return result;
        }

        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        await foreach (var e in table.RowsByKeysAsync(PartitionOf(alertId, bucket), recipientIds, ct))
        {
            result[e.RowKey] = ToRecord(e);
        }

        return result;
    }

    /// <summary>
    /// Whether any row of the alert is in its own partition: written in-line, or by a chunk of a host before the split.
    /// The fan-out then keeps the alert there rather than splitting it, so the records it has are found (one query).
    /// </summary>
    public async Task<bool> HasUnbucketedRowsAsync(string alertId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {alertId}"), 1, ["RowKey"], ct))
        {
            return true;
        }

        return false;
    }

    /// <summary>
    /// Every record of an alert (for summaries and tests), in its own partition or spread over its buckets
    /// ("{alertId}_{bucket:x}", <see cref="PartitionBuckets"/>), the layout a very large site's alert takes (<see cref="DeliveryChunkMessage.Bucket"/>): one
    /// range query over the alert id and the ids that extend it, keeping only the alert's own partitions (a later
    /// generation "{alertId}-1" falls in the range and is dropped, a rare re-raise read in vain).
    /// </summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(string alertId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        // '`' is the character after '_', so the range ends after the last bucket "{alertId}_f".
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {alertId} and PartitionKey lt {alertId + "`"}");
        var result = new List<DeliveryRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (PartitionBuckets.Belongs(e.PartitionKey, alertId))
            {
                result.Add(ToRecord(e));
            }
        }

        return result;
    }

    /// <summary>
    /// Every record of one recipient at one site, newest alert first. Alert ids begin with their site's id and
    /// <c>_</c> (<see cref="Alert.IdFor"/>), and an alert's id is its partition here, so the site's partitions form
    /// one key range: the query reads only that range (the site's alerts times its recipients, a few hundred rows in a
    /// season) and the service returns the recipient's rows; no other site's deliveries are read. Costs one query
    /// (plus a continuation per 1,000 rows scanned), against a full-table scan for a filter on the recipient alone.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListForRecipientAsync(string siteId, string recipientId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        // '`' is the character after '_': the range is exactly the ids that start with "siteId_"; the SiteId
        // column then drops another site whose id merely extends this one (site "A" and site "A_B").
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {siteId + "_"} and PartitionKey lt {siteId + "`"} and RowKey eq {recipientId} and SiteId eq {siteId}");
        var result = new List<DeliveryRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(ToRecord(e));
        }

        return [.. result.OrderByDescending(r => r.At ?? DateTimeOffset.MinValue).ThenBy(r => r.AlertId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Inserts new claims of one alert's chunk (at most 100, in its one partition) as one all-or-nothing batch. False
    /// when a row already exists: then nothing was written, and the caller reads the records and claims with <see cref="ClaimAsync"/>.
    /// </summary>
    public async Task<bool> TryInsertAllAsync(Alert alert, IReadOnlyList<DeliveryClaim> claims, DateTimeOffset now, int? bucket, CancellationToken ct)
    {
        if (claims.Count is 0 or > 100 || claims.Any(c => c.Existing is not null))
        {
            return false;
        }

        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        try
        {
            await table.SubmitTransactionAsync(claims.Select(c => Action(alert, c, now, bucket)), ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Applies claims (inserts and ETag-checked updates) of one alert's chunk in one batch (per 100); when the batch loses
    /// a race, applies them one by one. Returns the recipient ids whose claim this call won.
    /// </summary>
    public async Task<IReadOnlySet<string>> ClaimAsync(Alert alert, IReadOnlyList<DeliveryClaim> claims, DateTimeOffset now, int? bucket, CancellationToken ct)
    {
        var won = new HashSet<string>(StringComparer.Ordinal);
        if (claims.Count == 0)
        {
            return won;
        }

        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        foreach (var batch in claims.Select(c => Action(alert, c, now, bucket)).Chunk(100))
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

    /// <summary>Writes final outcomes of one chunk (the claim is ours, so no ETag check), one batch per 100.</summary>
    public async Task CompleteAsync(string alertId, IReadOnlyList<DeliveryOutcome> outcomes, int? bucket, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        foreach (var batch in outcomes.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(o => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(PartitionOf(alertId, bucket), o.RecipientId)
                {
                    ["Status"] = (o.Delivered ? DeliveryStatus.Delivered : DeliveryStatus.Failed).ToWire(),
                    ["Reason"] = o.Reason,
                    ["SettledAt"] = o.SettledAt,
                },
                ETag.All)), ct);
        }
    }

    /// <summary>
    /// Writes the in-line delivery's rows, each once after its send (replacing a row an earlier attempt left), in
    /// batches of 100: the same columns a claim and its settling write on the deliveries-queue path, so every reader
    /// reads both alike.
    /// </summary>
    public async Task WriteAsync(Alert alert, IReadOnlyList<DeliveryFact> facts, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Deliveries, ct);
        foreach (var batch in facts.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(f => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(alert.Id, f.RecipientId)
            {
                ["AlertId"] = alert.Id,
                ["SiteId"] = alert.SiteId,
                ["Date"] = alert.DateKey,
                ["Level"] = alert.Level.ToWire(),
                ["Channel"] = f.Channel,
                ["Status"] = f.Status.ToWire(),
                ["Attempts"] = f.Attempts,
                ["IdempotencyKey"] = DeliveryService.IdempotencyKey(alert.Id, f.RecipientId),
                ["CreatedAt"] = f.CreatedAt,
                ["SettledAt"] = f.SettledAt,
                ["DeferredUntil"] = f.DeferredUntil,
                ["Reason"] = f.Reason,
            })), ct);
        }
    }

    /// <summary>A new claim inserts the full row; taking over an existing record counts one more attempt, checked against its ETag.</summary>
    private static TableTransactionAction Action(Alert alert, DeliveryClaim claim, DateTimeOffset now, int? bucket) => claim.Existing is { } record
        ? new TableTransactionAction(TableTransactionActionType.UpdateMerge,
            new TableEntity(PartitionOf(alert.Id, bucket), claim.RecipientId) { ["Status"] = claim.Status.ToWire(), ["Attempts"] = record.Attempts + 1, ["ClaimedAt"] = now },
            record.ETag)
        : new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(PartitionOf(alert.Id, bucket), claim.RecipientId)
        {
            ["AlertId"] = alert.Id,
            ["SiteId"] = alert.SiteId,
            ["Date"] = alert.DateKey,
            ["Level"] = alert.Level.ToWire(),
            ["Channel"] = claim.Channel,
            ["Status"] = claim.Status.ToWire(),
            ["Attempts"] = claim.Status == DeliveryStatus.Sending ? 1 : 0,
            ["IdempotencyKey"] = DeliveryService.IdempotencyKey(alert.Id, claim.RecipientId),
            ["CreatedAt"] = now,
            ["DeferredUntil"] = claim.DeferredUntil,
            ["Reason"] = claim.Reason,
        });

    /// <summary>A bucketed row names its alert in a column; a row in the alert's own partition, by its partition key.</summary>
    private static DeliveryRecord ToRecord(TableEntity e) => new(
        e.GetString("AlertId") ?? e.PartitionKey,
        e.RowKey,
        DeliveryStatusWire.FromWire(e.GetString("Status")),
        e.GetString("Channel") ?? string.Empty,
        e.GetInt32("Attempts") ?? 0,
        e.GetDateTimeOffset("DeferredUntil"),
        e.GetString("Reason"),
        e.ETag)
    {
        SiteId = e.GetString("SiteId"),
        Level = e.GetString("Level"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt"),
        SettledAt = e.GetDateTimeOffset("SettledAt"),
        At = e.GetDateTimeOffset("SettledAt") ?? e.GetDateTimeOffset("ClaimedAt") ?? e.GetDateTimeOffset("CreatedAt"),
    };
}

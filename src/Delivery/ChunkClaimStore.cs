using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Delivery;

/// <summary>
/// The DeliveryChunks table: one claim row per chunk of an alert's in-line delivery. An alert's chunks share its
/// partition (its id, as in the Deliveries table), so one batch claims them all and no partition takes more than
/// one alert's few rows. A very large site's alert keeps its chunk ranges here too (<see cref="ChunkRange"/>, rows
/// "r{index}"), which a claim's reader skips.
/// </summary>
public sealed class ChunkClaimStore(StorageClients clients)
{
    /// <summary>Inserts first claims on every chunk in one all-or-nothing batch; false (nothing written) when any row exists.</summary>
    public async Task<bool> TryInsertAllAsync(IReadOnlyList<ChunkClaim> claims, CancellationToken ct) =>
        await SubmitAsync(claims.Select(c => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(c))).ToList(), ct);

    /// <summary>
    /// Writes every claim in one batch: a new one inserted, a taken-over one replaced against the ETag it was read
    /// with. False (nothing written) when another handler inserted or changed a row first.
    /// </summary>
    public async Task<bool> ClaimAsync(IReadOnlyList<ChunkClaim> claims, CancellationToken ct) =>
        await SubmitAsync(claims.Select(c => c.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(c))
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(c), c.ETag)).ToList(), ct);

    /// <summary>
    /// Ends this handler's claims at <paramref name="now"/> (one batch), so the message that goes on with the alert
    /// takes them over at once instead of waiting out the lease; a chunk from <paramref name="firstNotStarted"/> on
    /// gives back the attempt it did not make, so its taker's sends count as the attempt they are. Written without an
    /// ETag: the claims are the caller's, within their lease, and no other handler writes a claim before its lease ends.
    /// </summary>
    public async Task ReleaseAsync(IReadOnlyList<ChunkClaim> claims, int firstNotStarted, DateTimeOffset now, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.DeliveryChunks, ct);
        foreach (var batch in claims.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(c.AlertId, ChunkClaim.KeyOf(c.Index))
                {
                    ["LeaseUntil"] = now,
                    ["Attempts"] = c.Index >= firstNotStarted ? c.Attempts - 1 : c.Attempts,
                }, ETag.All)), ct);
        }
    }

    /// <summary>Every claim on an alert's chunks, by index (one partition query).</summary>
    public async Task<IReadOnlyDictionary<int, ChunkClaim>> ReadAsync(string alertId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.DeliveryChunks, ct);
        var result = new Dictionary<int, ChunkClaim>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == alertId, cancellationToken: ct))
        {
            if (int.TryParse(e.RowKey, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                result[index] = new ChunkClaim(alertId, e.GetString("SiteId") ?? string.Empty, index, e.GetString("Owner") ?? string.Empty, e.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue,
                    e.GetInt32("Attempts") ?? 1, e.GetString("FirstRecipientId") ?? string.Empty, e.GetString("LastRecipientId") ?? string.Empty, e.GetInt32("Recipients") ?? 0)
                { ETag = e.ETag };
            }
        }

        return result;
    }

    /// <summary>A very large site's chunk ranges of an alert, in index order (one partition query; none before its first fan-out).</summary>
    public async Task<IReadOnlyList<ChunkRange>> ReadRangesAsync(string alertId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.DeliveryChunks, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {alertId} and RowKey ge {"r"} and RowKey lt {"s"}");
        var result = new List<ChunkRange>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (int.TryParse(e.RowKey.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                result.Add(new ChunkRange(alertId, index, e.GetString("FirstRecipientId") ?? string.Empty, e.GetString("LastRecipientId") ?? string.Empty, e.GetInt32("Bucket") ?? 0));
            }
        }

        return [.. result.OrderBy(r => r.Index)];
    }

    /// <summary>Inserts a new chunk range unless its row exists; false when another handler wrote that index first.</summary>
    public async Task<bool> TryInsertRangeAsync(ChunkRange range, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.DeliveryChunks, ct);
        try
        {
            await table.AddEntityAsync(new TableEntity(range.AlertId, ChunkRange.KeyOf(range.Index))
            {
                ["FirstRecipientId"] = range.FirstRecipientId,
                ["LastRecipientId"] = range.LastRecipientId,
                ["Bucket"] = range.Bucket,
            }, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task<bool> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        if (actions.Count == 0)
        {
            return true;
        }

        var table = await clients.TableAsync(TableNames.DeliveryChunks, ct);
        try
        {
            // An alert's in-line delivery has at most 1,000 recipients: 10 chunks, well inside one batch.
            foreach (var batch in actions.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch, ct);
            }

            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ChunkClaim c) => new(c.AlertId, ChunkClaim.KeyOf(c.Index))
    {
        ["SiteId"] = c.SiteId,
        ["Owner"] = c.Owner,
        ["LeaseUntil"] = c.LeaseUntil,
        ["Attempts"] = c.Attempts,
        ["FirstRecipientId"] = c.FirstRecipientId,
        ["LastRecipientId"] = c.LastRecipientId,
        ["Recipients"] = c.Recipients,
    };
}

using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Digest;

/// <summary>
/// The Digests table: one partition per local day, one row per recipient (<see cref="DigestRecipient.Key"/>) claimed
/// before the send and settled after it, and a <see cref="DayRow"/> once every digest of the day is settled. A claim
/// is inserted if absent, or taken over with its ETag once it has lapsed, so two timer runs or two hosts never both
/// send; a claimant that crashed before settling loses the claim at <c>ClaimedUntil</c>.
/// </summary>
public sealed class DigestStore(StorageClients clients)
{
    /// <summary>The row that says the day's digests are all settled: later runs that day read it and stop.</summary>
    public const string DayRow = "_day";

    public async Task<bool> IsDayDoneAsync(string dateKey, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Digests, ct);
        return (await table.GetEntityIfExistsAsync<TableEntity>(dateKey, DayRow, cancellationToken: ct)).HasValue;
    }

    public async Task MarkDayDoneAsync(string dateKey, int letters, DateTimeOffset now, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Digests, ct);
        await table.UpsertEntityAsync(new TableEntity(dateKey, DayRow) { ["DoneAt"] = now, ["Letters"] = letters }, TableUpdateMode.Replace, ct);
    }

    /// <summary>Claims one recipient's digest of the day until <paramref name="until"/>.</summary>
    public async Task<DigestClaim> TryClaimAsync(string dateKey, string key, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Digests, ct);
        try
        {
            await table.AddEntityAsync(new TableEntity(dateKey, key) { ["ClaimedUntil"] = until }, ct);
            return DigestClaim.Won;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // Someone claimed it before: settled, still held, or lapsed.
        }

        var existing = await table.GetEntityIfExistsAsync<TableEntity>(dateKey, key, cancellationToken: ct);
        if (!existing.HasValue)
        {
            return DigestClaim.Held;
        }

        var row = existing.Value!;
        if (row.GetDateTimeOffset("SettledAt") is not null)
        {
            return DigestClaim.Settled;
        }

        if (row.GetDateTimeOffset("ClaimedUntil") is { } held && held > now)
        {
            return DigestClaim.Held;
        }

        try
        {
            await table.UpdateEntityAsync(new TableEntity(dateKey, key) { ["ClaimedUntil"] = until }, row.ETag, TableUpdateMode.Replace, ct);
            return DigestClaim.Won;
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            return DigestClaim.Held;
        }
    }

    /// <summary>Records how the send ended (delivered, or refused for good with its reason): the digest is not tried again that day.</summary>
    public async Task SettleAsync(string dateKey, string key, bool delivered, string? reason, int sites, DateTimeOffset now, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Digests, ct);
        await table.UpsertEntityAsync(new TableEntity(dateKey, key)
        {
            ["SettledAt"] = now,
            ["Delivered"] = delivered,
            ["Reason"] = reason,
            ["Sites"] = sites,
        }, TableUpdateMode.Replace, ct);
    }

    /// <summary>Gives a claim back after a failure that may pass (or a recipient in quiet hours): the next run tries again.</summary>
    public async Task ReleaseAsync(string dateKey, string key, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Digests, ct);
        await table.UpsertEntityAsync(new TableEntity(dateKey, key), TableUpdateMode.Replace, ct);
    }
}

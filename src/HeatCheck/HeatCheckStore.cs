using Azure;
using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.Storage;

namespace HeatRelief.HeatCheck;

/// <summary>
/// The HeatChecks table: one partition, two rows. <c>lock</c> is the heat check's lock across instances (the
/// timer's check and an admin's check now never overlap): it names its holder, carries an expiry the holder renews,
/// and every write to it is guarded by its ETag, so two instances that read it free cannot both take it.
/// <c>last</c> is the outcome of the last check, for the dashboard's status banner.
/// </summary>
public sealed class HeatCheckStore(StorageClients clients)
{
    private const string Partition = "heat-check";
    private const string LockRow = "lock";
    private const string LastRow = "last";

    /// <summary>Takes the lock until <paramref name="until"/>; null when someone else holds it (or took it first).</summary>
    public async Task<HeatCheckLease?> TryTakeAsync(string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatChecks, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, LockRow, cancellationToken: ct);
        var entity = new TableEntity(Partition, LockRow) { ["Holder"] = holder, ["Since"] = now, ["HeldUntil"] = until };
        try
        {
            if (!row.HasValue)
            {
                return new HeatCheckLease(holder, now, until, (await table.AddEntityAsync(entity, ct)).Headers.ETag ?? default);
            }

            if (row.Value!.GetDateTimeOffset("HeldUntil") is { } held && held > now)
            {
                return null;
            }

            return new HeatCheckLease(holder, now, until, (await table.UpdateEntityAsync(entity, row.Value.ETag, TableUpdateMode.Replace, ct)).Headers.ETag ?? default);
        }
        catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
        {
            return null;
        }
    }

    /// <summary>Extends a held lock; null when it was lost (it ran out and another instance took it).</summary>
    public async Task<HeatCheckLease?> RenewAsync(HeatCheckLease lease, DateTimeOffset until, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatChecks, ct);
        try
        {
            var entity = new TableEntity(Partition, LockRow) { ["Holder"] = lease.Holder, ["Since"] = lease.Since, ["HeldUntil"] = until };
            var response = await table.UpdateEntityAsync(entity, lease.ETag, TableUpdateMode.Replace, ct);
            return lease with { HeldUntil = until, ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Lets go of the lock (unless it was lost meanwhile): the next check may start at once.</summary>
    public async Task ReleaseAsync(HeatCheckLease lease, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatChecks, ct);
        try
        {
            var entity = new TableEntity(Partition, LockRow) { ["Holder"] = lease.Holder, ["Since"] = lease.Since, ["HeldUntil"] = DateTimeOffset.UnixEpoch };
            await table.UpdateEntityAsync(entity, lease.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
        }
    }

    /// <summary>The lock while someone holds it (a check is running); null when it is free or ran out.</summary>
    public async Task<HeatCheckLease?> HeldAsync(DateTimeOffset now, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatChecks, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, LockRow, cancellationToken: ct);
        return row.HasValue && row.Value!.GetDateTimeOffset("HeldUntil") is { } until && until > now
            ? new HeatCheckLease(row.Value.GetString("Holder") ?? string.Empty, row.Value.GetDateTimeOffset("Since") ?? now, until, row.Value.ETag)
            : null;
    }

    /// <summary>Keeps the outcome of the check that just ended (one check at a time holds the lock, so the last writer is the last check).</summary>
    public async Task RecordAsync(HeatCheckOutcome outcome, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatChecks, ct);
        var r = outcome.Result;
        await table.UpsertEntityAsync(new TableEntity(Partition, LastRow)
        {
            ["Trigger"] = outcome.Trigger,
            ["StartedAt"] = outcome.StartedAt,
            ["FinishedAt"] = outcome.FinishedAt,
            ["Graded"] = r is not null,
            ["SitesChecked"] = r?.SitesChecked,
            ["SitesWithoutForecast"] = r?.SitesWithoutForecast,
            ["Raised"] = r?.Raised,
            ["Escalated"] = r?.Escalated,
            ["Cleared"] = r?.Cleared,
            ["Enqueued"] = r?.Enqueued,
            ["WeatherFailure"] = outcome.WeatherFailure,
            ["WarningSource"] = outcome.WarningSource,
            ["WarningFailure"] = outcome.WarningFailure,
            ["Error"] = outcome.Error,
        }, TableUpdateMode.Replace, ct);
    }

    /// <summary>The outcome of the last check that ended; null before the first.</summary>
    public async Task<HeatCheckOutcome?> LastAsync(CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatChecks, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, LastRow, cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new HeatCheckOutcome
        {
            Trigger = e.GetString("Trigger") ?? string.Empty,
            StartedAt = e.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue,
            FinishedAt = e.GetDateTimeOffset("FinishedAt") ?? DateTimeOffset.MinValue,
            Result = e.GetBoolean("Graded") == true
                ? new HeatCheckResult(e.GetInt32("SitesChecked") ?? 0, e.GetInt32("SitesWithoutForecast") ?? 0, e.GetInt32("Raised") ?? 0, e.GetInt32("Escalated") ?? 0,
                    e.GetInt32("Cleared") ?? 0, e.GetInt32("Enqueued") ?? 0, new Dictionary<HeatLevel, int>()) { WarningSourceFailure = e.GetString("WarningFailure") }
                : null,
            WeatherFailure = e.GetString("WeatherFailure"),
            WarningSource = e.GetString("WarningSource"),
            WarningFailure = e.GetString("WarningFailure"),
            Error = e.GetString("Error"),
        };
    }
}

using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Visits;

/// <summary>
/// Each heat day's visit pass: one row (<c>pass-{day}</c>/<c>pass</c>) in the OfficerLoad table, held by one host at a
/// time with an expiry and guarded by its ETag, so one host at a time offers a day's waiting visits.
/// </summary>
public sealed class VisitPassStore(StorageClients clients)
{
    /// <summary>
    /// Takes the day's visit pass: one host at a time offers a day's waiting visits, in priority order,
    /// instead of every visit request racing for the same visits. Null when another host holds it.
    /// </summary>
    public async Task<ETag?> TryTakeAsync(string dateKey, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PassKey(dateKey), "pass", cancellationToken: ct);
        var entity = new TableEntity(PassKey(dateKey), "pass") { ["HeldUntil"] = until };
        try
        {
            if (!row.HasValue)
            {
                return (await table.AddEntityAsync(entity, ct)).Headers.ETag;
            }

            if (row.Value!.GetDateTimeOffset("HeldUntil") is { } held && held > now)
            {
                return null;
            }

            return (await table.UpdateEntityAsync(entity, row.Value.ETag, TableUpdateMode.Replace, ct)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
        {
            return null;
        }
    }

    /// <summary>Extends a held pass; null when it was lost (it ran out and another host took it).</summary>
    public async Task<ETag?> RenewAsync(string dateKey, ETag held, DateTimeOffset until, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        try
        {
            return (await table.UpdateEntityAsync(new TableEntity(PassKey(dateKey), "pass") { ["HeldUntil"] = until }, held, TableUpdateMode.Replace, ct)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Lets go of the day's pass (unless it was lost meanwhile).</summary>
    public async Task ReleaseAsync(string dateKey, ETag held, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.OfficerLoad, ct);
        try
        {
            await table.UpdateEntityAsync(new TableEntity(PassKey(dateKey), "pass") { ["HeldUntil"] = DateTimeOffset.UnixEpoch }, held, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
        }
    }

    private static string PassKey(string dateKey) => $"pass-{dateKey}";
}

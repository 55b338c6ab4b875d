using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Visits;

/// <summary>The UsedLinks table: one row per one-tap link that acted (partition: visit id, row: the link's fingerprint), so each acts once.</summary>
public sealed class UsedLinkStore(StorageClients clients)
{
    /// <summary>Whether a one-tap link was already used.</summary>
    public async Task<bool> IsUsedAsync(string visitId, string fingerprint, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.UsedLinks, ct);
        var e = await table.GetEntityIfExistsAsync<TableEntity>(visitId, fingerprint, select: ["RowKey"], cancellationToken: ct);
        return e.HasValue;
    }

    /// <summary>Records a used one-tap link; false when it was already recorded.</summary>
    public async Task<bool> MarkUsedAsync(string visitId, string fingerprint, string action, DateTimeOffset at, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.UsedLinks, ct);
        try
        {
            await table.AddEntityAsync(new TableEntity(visitId, fingerprint) { ["Action"] = action, ["UsedAt"] = at }, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }
}

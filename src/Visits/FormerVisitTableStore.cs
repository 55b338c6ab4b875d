using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Visits;

/// <summary>
/// The visits table of versions before the rename, <c>Assignments</c>: same keys and columns as
/// <see cref="VisitStore"/>'s <c>Visits</c>. It is only read, to copy its rows into <c>Visits</c>; it is never created,
/// changed or deleted here (delete it by hand once the copy is checked).
/// </summary>
public sealed class FormerVisitTableStore(TableServiceClient tables, StorageClients clients)
{
    /// <summary>The former logical table name (the configured table prefix applies, as to every table).</summary>
    public const string FormerTableName = "Assignments";

    /// <summary>Copies every row into <c>Visits</c> unless a row with its keys is there already (newer, so kept); idempotent.</summary>
    public async Task<VisitTableMigration> CopyToVisitsAsync(CancellationToken ct)
    {
        var former = tables.GetTableClient(clients.Names.Table(FormerTableName));
        var visits = await clients.TableAsync(TableNames.Visits, ct);
        int read = 0, copied = 0, already = 0;
        try
        {
            await foreach (var row in former.QueryAsync<TableEntity>(cancellationToken: ct))
            {
                read++;
                try
                {
                    await visits.AddEntityAsync(Copy(row), ct);
                    copied++;
                }
                catch (RequestFailedException ex) when (ex.IsConflict())
                {
                    already++;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.IsNotFound() && read == 0)
        {
            return new VisitTableMigration(false, 0, 0, 0);
        }

        return new VisitTableMigration(true, read, copied, already);
    }

    /// <summary>The row's keys and columns, without the service's own (ETag, Timestamp).</summary>
    private static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            {
                copy[name] = value;
            }
        }

        return copy;
    }
}

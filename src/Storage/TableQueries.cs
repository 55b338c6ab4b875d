using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace HeatRelief.Storage;

/// <summary>Reads shared by the stores.</summary>
public static class TableQueries
{
    /// <summary>
    /// The rows of one partition whose row keys are in <paramref name="rowKeys"/>: one range query from the
    /// smallest to the largest key (a delivery chunk's ids are contiguous in key order), filtered to the set.
    /// </summary>
    public static async IAsyncEnumerable<TableEntity> RowsByKeysAsync(this TableClient table, string partitionKey, IReadOnlyCollection<string> rowKeys, [EnumeratorCancellation] CancellationToken ct)
    {
        if (rowKeys.Count == 0)
        {
            yield break;
        }

        var wanted = rowKeys.ToHashSet(StringComparer.Ordinal);
        var first = wanted.Min(StringComparer.Ordinal)!;
        var last = wanted.Max(StringComparer.Ordinal)!;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {first} and RowKey le {last}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (wanted.Contains(e.RowKey))
            {
                yield return e;
            }
        }
    }
}

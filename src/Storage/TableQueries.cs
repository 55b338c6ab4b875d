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

    /// <summary>
    /// The rows of several queries, each within one partition (so each in row-key order), as one sequence in row-key
    /// order: how a day spread over bucket partitions is read newest first. The queries start together; each fetches
    /// its next page only when the merge has used up its rows.
    /// </summary>
    public static async IAsyncEnumerable<TableEntity> MergedByRowKeyAsync(this TableClient table, IReadOnlyList<string> filters, int? maxPerPage, [EnumeratorCancellation] CancellationToken ct)
    {
        var cursors = filters.Select(f => table.QueryAsync<TableEntity>(f, maxPerPage, cancellationToken: ct).GetAsyncEnumerator(ct)).ToList();
        try
        {
            var started = await Task.WhenAll(cursors.Select(c => c.MoveNextAsync().AsTask()));
            var next = new PriorityQueue<IAsyncEnumerator<TableEntity>, string>(StringComparer.Ordinal);
            for (var i = 0; i < cursors.Count; i++)
            {
                if (started[i])
                {
                    next.Enqueue(cursors[i], cursors[i].Current.RowKey);
                }
            }

            while (next.TryDequeue(out var cursor, out _))
            {
                yield return cursor.Current;
                if (await cursor.MoveNextAsync())
                {
                    next.Enqueue(cursor, cursor.Current.RowKey);
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                await cursor.DisposeAsync();
            }
        }
    }
}

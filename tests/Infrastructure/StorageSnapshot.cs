using Azure.Data.Tables;
using HeatRelief.Storage;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// Every row of every table (keys, ETag and kind) and every queue's message count: two snapshots compared show
/// any write between them, including a rewrite of a row with the same values.
/// </summary>
public sealed class StorageSnapshot
{
    private readonly Dictionary<string, Dictionary<string, string>> _rows = [];
    private readonly Dictionary<string, int> _messages = [];

    public static async Task<StorageSnapshot> TakeAsync(StorageClients clients, CancellationToken ct)
    {
        var snapshot = new StorageSnapshot();
        foreach (var name in TableNames.All)
        {
            var rows = new Dictionary<string, string>(StringComparer.Ordinal);
            var table = await clients.TableAsync(name, ct);
            await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: ct))
            {
                rows[$"{e.PartitionKey}|{e.RowKey}"] = $"{e.ETag} {e.GetString("Kind")}";
            }

            snapshot._rows[name] = rows;
        }

        foreach (var name in QueueNames.All.Concat(QueueNames.All.Select(QueueNames.Poison)))
        {
            var queue = await clients.QueueAsync(name, ct);
            snapshot._messages[name] = (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        }

        return snapshot;
    }

    /// <summary>What changed since <paramref name="before"/>: "+", "-" or "~" with table and key, or a queue and its message count.</summary>
    public IReadOnlyList<string> ChangesSince(StorageSnapshot before)
    {
        var changes = new List<string>();
        foreach (var (table, rows) in _rows)
        {
            var old = before._rows[table];
            changes.AddRange(rows.Where(r => !old.ContainsKey(r.Key)).Select(r => $"+ {table} {r.Key} {r.Value}"));
            changes.AddRange(old.Where(r => !rows.ContainsKey(r.Key)).Select(r => $"- {table} {r.Key}"));
            changes.AddRange(rows.Where(r => old.TryGetValue(r.Key, out var v) && v != r.Value).Select(r => $"~ {table} {r.Key}"));
        }

        foreach (var (queue, count) in _messages)
        {
            if (count != before._messages[queue])
            {
                changes.Add($"queue {queue}: {before._messages[queue]} -> {count} messages");
            }
        }

        return changes;
    }

    /// <summary>How many audit records of a kind were added since <paramref name="before"/>.</summary>
    public int AuditAddedSince(StorageSnapshot before, string kind) =>
        _rows[TableNames.AuditLog].Count(r => !before._rows[TableNames.AuditLog].ContainsKey(r.Key) && r.Value.EndsWith(" " + kind, StringComparison.Ordinal));

    /// <summary>Messages now on a queue.</summary>
    public int MessagesOn(string queue) => _messages[queue];
}

using System.Globalization;

namespace HeatRelief.Storage;

/// <summary>
/// Spreads one logical partition (a day of the audit log, an alert's deliveries) over <see cref="Count"/> table
/// partitions "{partition}_{bucket:x}", the bucket a stable hash of a key the row is found by, so a reader that knows
/// the key knows the partition, and a reader of the whole goes to the bare partition (rows written before the buckets)
/// and each bucket. Azure serves about 2,000 entities/s per partition; 16 keeps each under a tenth of the whole.
/// </summary>
public static class PartitionBuckets
{
    /// <summary>Buckets per logical partition.</summary>
    public const int Count = 16;

    /// <summary>
    /// The bucket of a key: FNV-1a over its characters, the same in every process and version (string.GetHashCode is
    /// randomized per process, which would put a rewritten row in another partition).
    /// </summary>
    public static int Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % Count);
    }

    /// <summary>The partition key of one bucket: "{partition}_{bucket:x}".</summary>
    public static string KeyOf(string partition, int bucket) => string.Create(CultureInfo.InvariantCulture, $"{partition}_{bucket:x}");

    /// <summary>The partition key of the bucket a key hashes to.</summary>
    public static string KeyOf(string partition, string key) => KeyOf(partition, Of(key));

    /// <summary>Every partition a logical partition's rows may be in: the bare one (rows written before the buckets), then each bucket.</summary>
    public static IReadOnlyList<string> All(string partition) => [partition, .. Enumerable.Range(0, Count).Select(b => KeyOf(partition, b))];

    /// <summary>Whether a stored partition key is the logical partition itself or one of its buckets (not another that merely starts with it).</summary>
    public static bool Belongs(string partitionKey, string partition)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(partition);
        // One hex digit after "_": 0-9 or a-f, as KeyOf writes it.
        return partitionKey == partition
            || (partitionKey.Length == partition.Length + 2 && partitionKey.StartsWith(partition, StringComparison.Ordinal)
                && partitionKey[partition.Length] == '_' && char.IsAsciiHexDigitLower(partitionKey[^1]));
    }
}

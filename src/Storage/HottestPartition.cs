namespace HeatRelief.Storage;

/// <summary>
/// The table partition that took the largest share of a run's entity writes (<see cref="EntityWriteTally"/>): Azure
/// serves about 2,000 entities/s per partition, so the share says how soon one partition caps the whole system.
/// </summary>
public sealed record HottestPartition(string Partition, long Writes, long TotalWrites)
{
    /// <summary>Writes / TotalWrites; 0 when nothing was written.</summary>
    public double Share => TotalWrites == 0 ? 0 : (double)Writes / TotalWrites;

    /// <summary>
    /// The partition with the most writes (keyed "Table/PartitionKey", as <see cref="EntityWriteTally.Snapshot"/>); of
    /// equals, the first in ordinal order, so two runs with the same counts name the same one.
    /// </summary>
    public static HottestPartition Of(IReadOnlyDictionary<string, long> writesByPartition)
    {
        ArgumentNullException.ThrowIfNull(writesByPartition);
        var hottest = writesByPartition
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        return new HottestPartition(hottest.Key ?? string.Empty, hottest.Value, writesByPartition.Values.Sum());
    }
}

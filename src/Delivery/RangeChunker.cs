using HeatRelief.Alerts;
using HeatRelief.Storage;

namespace HeatRelief.Delivery;

/// <summary>
/// Chunks a very large site's recipients, fed in id order, for one alert whose Deliveries rows are split over the
/// alert's buckets: each chunk is a run of consecutive recipients (so the delivery handler reads them with one short
/// range query, as an unsplit chunk) within one stored <see cref="ChunkRange"/>, and carries that range's bucket (so its
/// claims and settling stay one batch). A recipient inside the stored ranges goes to its range's bucket; the ones past
/// the last range form new ranges, each stored before its chunk is sent, their buckets taken in turn (index mod 16).
/// Another handler of the same alert that stored a range first wins it: the ranges are read again and the chunk's
/// recipients placed by them, so two live handlers never put one recipient in two buckets.
/// </summary>
public sealed class RangeChunker
{
    private readonly ChunkClaimStore _store;
    private readonly Alert _alert;
    private readonly int _chunkSize;
    private readonly Func<IReadOnlyList<string>, int, Task> _send;
    private readonly List<string> _pending = [];
    private List<ChunkRange> _ranges;
    private int _pendingRange = -1;

    /// <param name="send">Sends one chunk: its recipient ids and their bucket.</param>
    public RangeChunker(ChunkClaimStore store, Alert alert, IReadOnlyList<ChunkRange> ranges, int chunkSize, Func<IReadOnlyList<string>, int, Task> send)
    {
        _store = store;
        _alert = alert;
        _ranges = [.. ranges];
        _chunkSize = chunkSize;
        _send = send;
    }

    /// <summary>Adds the next recipient (ids ascending); sends a chunk when one is full or the recipient starts another range.</summary>
    public async Task AddAsync(string recipientId, CancellationToken ct)
    {
        var range = ChunkRange.IndexOf(_ranges, recipientId);
        if (_pending.Count > 0 && range != _pendingRange)
        {
            await FlushAsync(ct);
        }

        _pendingRange = range;
        _pending.Add(recipientId);
        if (_pending.Count == _chunkSize)
        {
            await FlushAsync(ct);
        }
    }

    /// <summary>Sends what is pending as a chunk (storing its new range first when it is past the stored ones).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var ids = _pending.ToList();
        _pending.Clear();
        if (_pendingRange >= 0)
        {
            await _send(ids, _ranges[_pendingRange].Bucket);
            return;
        }

        var index = _ranges.Count == 0 ? 0 : _ranges[^1].Index + 1;
        var range = new ChunkRange(_alert.Id, index, ids[0], ids[^1], index % PartitionBuckets.Count);
        if (await _store.TryInsertRangeAsync(range, ct))
        {
            _ranges.Add(range);
            await _send(ids, range.Bucket);
            return;
        }

        // Another handler of this alert stored that range first: place these recipients by the ranges as they are now.
        _ranges = [.. await _store.ReadRangesAsync(_alert.Id, ct)];
        _pendingRange = -1;
        foreach (var id in ids)
        {
            await AddAsync(id, ct);
        }

        // All of them go now, as the caller asked (a last flush must leave nothing pending).
        await FlushAsync(ct);
    }
}

namespace HeatRelief.Delivery;

/// <summary>
/// One range of a very large site's recipients, in id order, as the fan-out chunked them for one alert: recipients
/// <see cref="FirstRecipientId"/> to <see cref="LastRecipientId"/> (ordinal) are recorded in Deliveries bucket
/// <see cref="Bucket"/>. Stored (DeliveryChunks, row "r{index}") before the range's first chunk is sent, and never
/// changed, so a recipient's bucket never moves: a fan-out that runs again, even after an import changed the site, puts
/// every recipient in the range that holds it, or that ends before it (<see cref="IndexOf"/>), and only recipients
/// past the last range in new ones.
/// </summary>
public sealed record ChunkRange(string AlertId, int Index, string FirstRecipientId, string LastRecipientId, int Bucket)
{
    /// <summary>The row key of range <paramref name="index"/>: "r" and the zero-padded index (never a chunk claim's number).</summary>
    public static string KeyOf(int index) => "r" + index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The range (index into <paramref name="ranges"/>, in index order) that holds <paramref name="recipientId"/>:
    /// the last that starts at or before it (the first for an id before them all); -1 when it is past the last range's
    /// last recipient, which no range holds yet.
    /// </summary>
    public static int IndexOf(IReadOnlyList<ChunkRange> ranges, string recipientId)
    {
        if (ranges.Count == 0 || string.CompareOrdinal(recipientId, ranges[^1].LastRecipientId) > 0)
        {
            return -1;
        }

        // Binary search for the last range that starts at or before the id; ranges are in index and id order.
        int low = 0, high = ranges.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (string.CompareOrdinal(ranges[mid].FirstRecipientId, recipientId) <= 0)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }
}

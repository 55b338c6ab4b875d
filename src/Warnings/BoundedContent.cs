namespace HeatRelief.Warnings;

/// <summary>Reads an HTTP answer's body up to a limit, so a huge or endless answer never fills memory.</summary>
internal static class BoundedContent
{
    /// <summary>At most <paramref name="limit"/> bytes of the (decompressed) body; read one more than you accept to know it was longer.</summary>
    public static async Task<byte[]> ReadAsync(HttpContent content, int limit, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        using var kept = new MemoryStream();
        while (kept.Length < limit)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - kept.Length)), ct);
            if (read == 0)
            {
                break;
            }

            kept.Write(buffer, 0, read);
        }

        return kept.ToArray();
    }

    /// <summary>One line of text, clipped: for a reason people read in an audit record or a notice.</summary>
    public static string OneLine(string text, int max = 200)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > max ? line[..max] + "..." : line;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeatRelief.Storage;

/// <summary>The JSON shape of every queue message and stored detail document.</summary>
public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        MaxDepth = 32,
    };

    /// <summary>
    /// As <see cref="Options"/>, but letters outside ASCII (Chinese) are written as they are rather than as
    /// <c>\uXXXX</c> escapes, so a person reading stored audit details or a CSV export can read them. Characters
    /// that matter to HTML (&lt; &gt; &amp; quotes) are still escaped.
    /// </summary>
    public static readonly JsonSerializerOptions Readable = new(Options)
    {
        Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}

/// <summary>Sends versioned JSON messages; the queue clients are Base64-encoded, as both hosts' triggers expect.</summary>
public sealed class QueueSender(StorageClients clients)
{
    public async Task SendAsync<T>(string logicalQueue, T message, TimeSpan? visibilityDelay = null, CancellationToken ct = default)
    {
        var queue = await clients.QueueAsync(logicalQueue, ct);
        await queue.SendMessageAsync(MessageJson.Serialize(message), visibilityDelay, TimeSpan.FromSeconds(-1), ct);
    }

    /// <summary>Puts a raw message body on a queue as it is (used to move messages to and from poison queues).</summary>
    public async Task SendRawAsync(string logicalQueue, string body, CancellationToken ct = default)
    {
        var queue = await clients.QueueAsync(logicalQueue, ct);
        await queue.SendMessageAsync(body, null, TimeSpan.FromSeconds(-1), ct);
    }
}

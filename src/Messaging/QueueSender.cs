using HeatRelief.Storage;

namespace HeatRelief.Messaging;

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

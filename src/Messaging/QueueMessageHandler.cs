using HeatRelief.Storage;

namespace HeatRelief.Messaging;

/// <summary>
/// The shared shape of every queue-triggered service: parse and validate the versioned message, process it,
/// reject what can never work, and let transient failures throw so the host retries.
/// </summary>
public abstract class QueueMessageHandler<TMessage>(QueueHandling handling)
    where TMessage : class, IQueueMessage
{
    private readonly PoisonMessages _poison = handling.Poison;
    private readonly PipelineActivity _activity = handling.Activity;

    /// <summary>For handlers that take the plumbing one piece at a time.</summary>
    protected QueueMessageHandler(PoisonMessages poison, Microsoft.Extensions.Options.IOptions<StorageOptions> storage, PipelineActivity activity)
        : this(new QueueHandling(poison, storage, activity))
    {
    }

    /// <summary>The storage settings (chunk size, last attempt) shared with derived handlers.</summary>
    protected StorageOptions StorageSettings { get; } = handling.Storage;

    /// <summary>The clock shared with derived handlers.</summary>
    protected TimeProvider Time { get; } = handling.Time;

    /// <summary>Poison handling, for a handler that rejects part of a message and goes on with the rest.</summary>
    protected PoisonMessages Poison => _poison;

    /// <summary>The logical queue this handler consumes.</summary>
    protected abstract string QueueName { get; }

    /// <summary>Entry point for both hosts' trigger classes.</summary>
    public async Task HandleAsync(string body, long dequeueCount, string? messageId, CancellationToken ct)
    {
        using var running = _activity.Begin();
        var (message, problem) = MessageRules.Parse<TMessage>(body);
        if (problem is not null || message is null)
        {
            await _poison.RejectAsync(QueueName, body, messageId, problem ?? "empty message", ct);
            return;
        }

        try
        {
            await ProcessAsync(message, messageId, dequeueCount, ct);
        }
        catch (PermanentMessageException ex)
        {
            await _poison.RejectAsync(QueueName, body, messageId, ex.Message, ct);
        }
        catch (Exception ex) when (dequeueCount >= StorageSettings.MaxDequeueCount && ex is not OperationCanceledException)
        {
            await _poison.RecordPoisonedAsync(QueueName, body, messageId, dequeueCount, ex, ct);
            throw;
        }
    }

    /// <summary>
    /// Does the work; throws <see cref="PermanentMessageException"/> for what can never succeed. <paramref name="dequeueCount"/>
    /// is 1 on a message's first attempt and more on a redelivery.
    /// </summary>
    protected abstract Task ProcessAsync(TMessage message, string? messageId, long dequeueCount, CancellationToken ct);
}

namespace HeatRelief.Messaging;

/// <summary>A versioned queue message that can say what is wrong with it.</summary>
public interface IQueueMessage
{
    int SchemaVersion { get; }

    /// <summary>Null when the message can be processed; otherwise why it cannot.</summary>
    string? Problem();
}

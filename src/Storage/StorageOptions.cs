using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Storage;

/// <summary>Where HeatRelief keeps its tables and queues, and the name prefixes that let tests share one account.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Prepended to every table name (letters and digits only).</summary>
    [RegularExpression("^[A-Za-z0-9]{0,20}$")] public string TablePrefix { get; set; } = string.Empty;

    /// <summary>Prepended to every queue name (lower-case letters, digits and hyphens).</summary>
    [RegularExpression("^([a-z0-9][a-z0-9-]{0,18}[a-z0-9]-?)?$")] public string QueuePrefix { get; set; } = string.Empty;

    /// <summary>Recipients per delivery message (one table batch per chunk, so at most 100).</summary>
    [Range(1, 100)] public int DeliveryChunkSize { get; set; } = 100;

    /// <summary>
    /// A site with at most this many recipients is told by the alert's own handler (in-line); a larger one gets chunk
    /// messages on the deliveries queue. 0 queues every site.
    /// </summary>
    [Range(0, 1000)] public int InlineDeliveryMaxRecipients { get; set; } = 1000;

    /// <summary>
    /// How long an in-line delivery's chunk claim keeps another message for the same alert away (it is sent back
    /// until then); after it, the claim is taken over. Longer than the longest in-line delivery (1,000 sends).
    /// </summary>
    [Range(1, 3600)] public int ChunkClaimLeaseSeconds { get; set; } = 600;

    /// <summary>
    /// How long the alerts-queue handler starts new alerts of a work message, in seconds, well inside host.json's
    /// function timeout (5 minutes on the Consumption plan); the alerts not started by then go on in a continuation
    /// message. 0 starts only the first alert.
    /// </summary>
    [Range(0, 3600)] public int WorkMessageDeadlineSeconds { get; set; } = 240;

    /// <summary>Same as host.json extensions.queues.maxDequeueCount: the attempt after which a message is poison.</summary>
    [Range(1, 100)] public int MaxDequeueCount { get; set; } = 5;
}

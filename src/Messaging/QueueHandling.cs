using HeatRelief.Storage;
using Microsoft.Extensions.Options;

namespace HeatRelief.Messaging;

/// <summary>
/// What every queue handler needs from the plumbing (poison handling, the storage settings, the activity count),
/// taken as one dependency so a handler's constructor lists only its own collaborators.
/// </summary>
public sealed class QueueHandling(PoisonMessages poison, IOptions<StorageOptions> storage, PipelineActivity activity)
{
    public PoisonMessages Poison { get; } = poison;

    public StorageOptions Storage { get; } = storage.Value;

    public PipelineActivity Activity { get; } = activity;
}

using HeatRelief.Storage;
using Microsoft.Extensions.Options;

namespace HeatRelief.Messaging;

/// <summary>
/// What every queue handler needs from the plumbing (poison handling, the storage settings, the activity count, the
/// clock), taken as one dependency so a handler's constructor lists only its own collaborators.
/// </summary>
public sealed class QueueHandling(PoisonMessages poison, IOptions<StorageOptions> storage, PipelineActivity activity, TimeProvider? time = null)
{
    public PoisonMessages Poison { get; } = poison;

    public StorageOptions Storage { get; } = storage.Value;

    public PipelineActivity Activity { get; } = activity;

    /// <summary>The clock (a handler's send deadline); the system's when none is registered.</summary>
    public TimeProvider Time { get; } = time ?? TimeProvider.System;
}

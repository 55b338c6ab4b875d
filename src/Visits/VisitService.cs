using HeatRelief.Messaging;
using HeatRelief.Storage;
using HeatRelief.Triggers;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// Consumes visit requests: records one visit per site and heat day (<see cref="VisitRecorder"/>), then offers the
/// day's waiting visits, highest level and most outdoor workers first.
/// </summary>
public sealed class VisitService(
    VisitRecorder recorder,
    VisitAssigner assigner,
    IOptions<StorageOptions> storage,
    PoisonMessages poison,
    PipelineActivity activity) : QueueMessageHandler<VisitRequestMessage>(poison, storage, activity)
{
    protected override string QueueName => QueueNames.VisitRequests;

    protected override async Task ProcessAsync(VisitRequestMessage message, string? messageId, long dequeueCount, CancellationToken ct)
    {
        var dateKey = await recorder.RecordAsync(message, ct);
        await assigner.AssignWaitingAsync(dateKey, [VisitStatus.Pending], "system", messageId, ct);
    }
}

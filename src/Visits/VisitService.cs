using HeatRelief.Messaging;
using HeatRelief.Storage;
using HeatRelief.Triggers;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// Consumes visit requests: an "assign day" message (the heat check recorded the day's visits) offers the day's
/// waiting visits, highest level and most outdoor workers first; a request naming an alert (queued by an earlier
/// version) first records that alert's visit (<see cref="VisitRecorder"/>). Redelivered, either does no harm.
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
        var dateKey = message.RecordsAlert ? await recorder.RecordAsync(message, ct) : message.Date;
        await assigner.AssignWaitingAsync(dateKey, [VisitStatus.Pending], "system", messageId, ct);
    }
}

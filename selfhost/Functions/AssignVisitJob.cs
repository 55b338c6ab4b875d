using Azure.Storage.Queues.Models;
using HeatRelief.Visits;
using HeatRelief.Storage;
using Microsoft.Azure.WebJobs;
using HeatRelief.Triggers;

namespace HeatRelief.SelfHost.Functions;

/// <summary>Queue: a site whose heat rose gets one visit for the day, offered to the best available officer.</summary>
public sealed class AssignVisitJob(VisitService service)
{
    [FunctionName(FunctionNames.AssignVisit)]
    public Task Run([QueueTrigger(QueueNames.VisitRequests)] QueueMessage message, CancellationToken ct) =>
        service.HandleAsync(message.Body.ToString(), message.DequeueCount, message.MessageId, ct);
}

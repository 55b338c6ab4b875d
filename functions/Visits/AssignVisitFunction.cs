using Azure.Storage.Queues.Models;
using HeatRelief.Visits;
using HeatRelief.Storage;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Visits;

/// <summary>Queue: a site whose heat rose gets one visit for the day, offered to the best available officer.</summary>
public sealed class AssignVisitFunction(VisitService service)
{
    [Function(FunctionNames.AssignVisit)]
    public Task Run([QueueTrigger(QueueNames.VisitRequests)] QueueMessage message, FunctionContext context) =>
        service.HandleAsync(message.Body.ToString(), message.DequeueCount, message.MessageId, context.CancellationToken);
}

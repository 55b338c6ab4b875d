using Azure.Storage.Queues.Models;
using HeatRelief.Delivery;
using HeatRelief.Storage;
using Microsoft.Azure.WebJobs;
using HeatRelief.Triggers;

namespace HeatRelief.SelfHost.Functions;

/// <summary>Queue: send one chunk of an alert's notifications on each recipient's channel.</summary>
public sealed class DeliverJob(DeliveryService service)
{
    [FunctionName(FunctionNames.Deliver)]
    public Task Run([QueueTrigger(QueueNames.Deliveries)] QueueMessage message, CancellationToken ct) =>
        service.HandleAsync(message.Body.ToString(), message.DequeueCount, message.MessageId, ct);
}

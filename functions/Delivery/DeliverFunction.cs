using Azure.Storage.Queues.Models;
using HeatRelief.Delivery;
using HeatRelief.Storage;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Delivery;

/// <summary>Queue: send one chunk of an alert's notifications on each recipient's channel.</summary>
public sealed class DeliverFunction(DeliveryService service)
{
    [Function(FunctionNames.Deliver)]
    public Task Run([QueueTrigger(QueueNames.Deliveries)] QueueMessage message, FunctionContext context) =>
        service.HandleAsync(message.Body.ToString(), message.DequeueCount, message.MessageId, context.CancellationToken);
}

using Azure.Storage.Queues.Models;
using HeatRelief.FanOut;
using HeatRelief.Storage;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.FanOut;

/// <summary>Queue: one alert becomes delivery chunks for the site's recipients and a visit request.</summary>
public sealed class FanOutFunction(FanOutService service)
{
    [Function(FunctionNames.FanOut)]
    public Task Run([QueueTrigger(QueueNames.Alerts)] QueueMessage message, FunctionContext context) =>
        service.HandleAsync(message.Body.ToString(), message.DequeueCount, message.MessageId, context.CancellationToken);
}

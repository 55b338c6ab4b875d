using Azure.Storage.Queues.Models;
using HeatRelief.FanOut;
using HeatRelief.Storage;
using Microsoft.Azure.WebJobs;
using HeatRelief.Triggers;

namespace HeatRelief.SelfHost.Functions;

/// <summary>Queue: one alert becomes delivery chunks for the site's recipients and a visit request.</summary>
public sealed class FanOutJob(FanOutService service)
{
    [FunctionName(FunctionNames.FanOut)]
    public Task Run([QueueTrigger(QueueNames.Alerts)] QueueMessage message, CancellationToken ct) =>
        service.HandleAsync(message.Body.ToString(), message.DequeueCount, message.MessageId, ct);
}

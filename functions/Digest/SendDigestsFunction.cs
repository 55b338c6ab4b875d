using HeatRelief.Digest;
using HeatRelief.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace HeatRelief.Functions.Digest;

/// <summary>Timer: the daily digest, once the local time has reached Digest__LocalTime, once per recipient and day.</summary>
public sealed class SendDigestsFunction(DigestService service, TimeProvider time)
{
    [Function(FunctionNames.SendDigests)]
    public Task Run([TimerTrigger(FunctionNames.ReassignSchedule)] TimerInfo timer, FunctionContext context) =>
        service.RunAsync(time.GetUtcNow(), context.CancellationToken);
}

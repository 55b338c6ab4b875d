using HeatRelief.Digest;
using HeatRelief.Triggers;
using Microsoft.Azure.WebJobs;

namespace HeatRelief.SelfHost.Functions;

/// <summary>Timer: the daily digest, once the local time has reached Digest__LocalTime, once per recipient and day.</summary>
public sealed class SendDigestsJob(DigestService service, TimeProvider time)
{
    [FunctionName(FunctionNames.SendDigests)]
    public Task Run([TimerTrigger(FunctionNames.ReassignSchedule)] TimerInfo timer, CancellationToken ct) =>
        service.RunAsync(time.GetUtcNow(), ct);
}

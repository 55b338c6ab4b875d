using HeatRelief.Acks;
using Microsoft.Azure.WebJobs;
using HeatRelief.Triggers;

namespace HeatRelief.SelfHost.Functions;

/// <summary>Timer: remind silent sites' managers, put their visits first and tell officers, then the admins.</summary>
public sealed class FollowUpAcksJob(AckFollowUp service, TimeProvider time)
{
    [FunctionName(FunctionNames.FollowUpAcks)]
    public Task Run([TimerTrigger(FunctionNames.ReassignSchedule)] TimerInfo timer, CancellationToken ct) =>
        service.RunAsync(time.GetUtcNow(), ct);
}

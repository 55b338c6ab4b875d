using HeatRelief.Visits;
using Microsoft.Azure.WebJobs;
using HeatRelief.Triggers;

namespace HeatRelief.SelfHost.Functions;

/// <summary>Timer: expire unanswered offers, reassign them, escalate visits nobody takes.</summary>
public sealed class ReassignJob(ReassignmentService service)
{
    [FunctionName(FunctionNames.Reassign)]
    public Task Run([TimerTrigger(FunctionNames.ReassignSchedule)] TimerInfo timer, CancellationToken ct) =>
        service.RunAsync(ct);
}

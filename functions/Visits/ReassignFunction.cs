using HeatRelief.Visits;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;

namespace HeatRelief.Functions.Visits;

/// <summary>Timer: expire unanswered offers, reassign them, escalate visits nobody takes.</summary>
public sealed class ReassignFunction(ReassignmentService service)
{
    [Function(FunctionNames.Reassign)]
    public Task Run([TimerTrigger(FunctionNames.ReassignSchedule)] TimerInfo timer, FunctionContext context) =>
        service.RunAsync(context.CancellationToken);
}

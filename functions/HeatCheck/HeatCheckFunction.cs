using HeatRelief.Alerts;
using HeatRelief.Messaging;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;

namespace HeatRelief.Functions.HeatCheck;

/// <summary>Timer: grade the forecast of every site and raise, escalate or clear alerts (one check at a time across instances, see <see cref="HeatCheckRunner"/>).</summary>
public sealed class HeatCheckFunction(HeatCheckRunner runner)
{
    [Function(FunctionNames.HeatCheck)]
    public Task Run([TimerTrigger(FunctionNames.HeatCheckSchedule)] TimerInfo timer, FunctionContext context) =>
        runner.RunScheduledAsync(context.InvocationId, context.CancellationToken);
}

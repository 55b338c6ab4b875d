using HeatRelief.Alerts;
using HeatRelief.Messaging;
using Microsoft.Azure.Functions.Worker;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;

namespace HeatRelief.Functions.HeatCheck;

/// <summary>Timer: grade the forecast of every site and raise, escalate or clear alerts.</summary>
public sealed class HeatCheckFunction(HeatCheckService service)
{
    [Function(FunctionNames.HeatCheck)]
    public Task Run([TimerTrigger(FunctionNames.HeatCheckSchedule)] TimerInfo timer, FunctionContext context) =>
        service.RunAsync(context.InvocationId, context.CancellationToken);
}

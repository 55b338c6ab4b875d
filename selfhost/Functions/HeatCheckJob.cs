using HeatRelief.Alerts;
using HeatRelief.Messaging;
using Microsoft.Azure.WebJobs;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;

namespace HeatRelief.SelfHost.Functions;

/// <summary>Timer: grade the forecast of every site and raise, escalate or clear alerts.</summary>
public sealed class HeatCheckJob(HeatCheckService service)
{
    [FunctionName(FunctionNames.HeatCheck)]
    public Task Run([TimerTrigger(FunctionNames.HeatCheckSchedule)] TimerInfo timer, CancellationToken ct) =>
        service.RunAsync(Guid.NewGuid().ToString("N"), ct);
}

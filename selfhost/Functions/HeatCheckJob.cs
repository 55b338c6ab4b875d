using HeatRelief.Alerts;
using HeatRelief.Messaging;
using Microsoft.Azure.WebJobs;
using HeatRelief.Triggers;
using HeatRelief.HeatCheck;

namespace HeatRelief.SelfHost.Functions;

/// <summary>Timer: grade the forecast of every site and raise, escalate or clear alerts (one check at a time across instances, see <see cref="HeatCheckRunner"/>).</summary>
public sealed class HeatCheckJob(HeatCheckRunner runner)
{
    [FunctionName(FunctionNames.HeatCheck)]
    public Task Run([TimerTrigger(FunctionNames.HeatCheckSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunScheduledAsync(Guid.NewGuid().ToString("N"), ct);
}

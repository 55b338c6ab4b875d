using Microsoft.Extensions.Configuration;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var host = new HostBuilder()
    .ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["HEAT_CHECK_SCHEDULE"] = "*/5 * * * * *" }))
    .ConfigureWebJobs(b => { b.AddAzureStorageCoreServices(); b.AddAzureStorageQueues(); b.AddTimers(); })
    .ConfigureServices(s => s.AddSingleton<ScheduleMonitor, MemMonitor>())
    .ConfigureLogging(l => l.AddConsole())
    .Build();
await host.RunAsync();

public class MemMonitor : ScheduleMonitor
{
    public override Task<ScheduleStatus> GetStatusAsync(string timerName) => Task.FromResult<ScheduleStatus>(null!);
    public override Task UpdateStatusAsync(string timerName, ScheduleStatus status) => Task.CompletedTask;
}
public class Fns
{
    public void Tick([TimerTrigger("%HEAT_CHECK_SCHEDULE%")] TimerInfo t, ILogger log) => log.LogInformation("tick");
    public void Q([QueueTrigger("alerts")] Azure.Storage.Queues.Models.QueueMessage m, ILogger log) => log.LogInformation("msg {Id} {N}", m.MessageId, m.DequeueCount);
}

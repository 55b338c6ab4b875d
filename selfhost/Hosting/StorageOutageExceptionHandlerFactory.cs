using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HeatRelief.SelfHost.Hosting;

/// <summary>Gives the job host a <see cref="StorageOutageExceptionHandler"/> around the SDK's default handler.</summary>
public sealed class StorageOutageExceptionHandlerFactory(ILoggerFactory loggers) : IWebJobsExceptionHandlerFactory
{
    public IWebJobsExceptionHandler Create(IHost jobHost) =>
        new StorageOutageExceptionHandler(new WebJobsExceptionHandler(jobHost), loggers.CreateLogger<StorageOutageExceptionHandler>());
}

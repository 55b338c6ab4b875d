using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Azure;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HeatRelief.SelfHost.Hosting;

/// <summary>
/// The WebJobs SDK hands every failure of its background work (a queue listener's delete or visibility update
/// of a message, a renewal timer) to one exception handler, whose default rethrows on a new thread: the process
/// dies. A storage outage longer than the client's retries is such a failure, and nothing is gained by dying:
/// the message it concerned was not deleted, so it comes back after its visibility timeout and is handled again
/// (the handlers are idempotent). So a storage failure is logged and ridden out; anything else, and a function
/// timeout, still goes to the SDK's own handler.
/// </summary>
public sealed partial class StorageOutageExceptionHandler(IWebJobsExceptionHandler inner, ILogger<StorageOutageExceptionHandler> logger) : IWebJobsExceptionHandler
{
    public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) =>
        inner.OnTimeoutExceptionAsync(exceptionInfo, timeoutGracePeriod);

    public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
    {
        ArgumentNullException.ThrowIfNull(exceptionInfo);
        if (!IsStorageFailure(exceptionInfo.SourceException))
        {
            return inner.OnUnhandledExceptionAsync(exceptionInfo);
        }

        LogRiddenOut(logger, exceptionInfo.SourceException, exceptionInfo.SourceException.GetType().Name, Status(exceptionInfo.SourceException));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A failure to reach storage, or an error status from it: the client's exhausted retries (an aggregate of
    /// them), a refused or dropped connection, a timeout, a 5xx or 408 answer.
    /// </summary>
    public static bool IsStorageFailure(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageFailure),
        RequestFailedException { Status: 0 or 408 or >= 500 } => true,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private static int? Status(Exception error) => error switch
    {
        RequestFailedException failed => failed.Status,
        AggregateException { InnerExceptions: [.., var last] } => Status(last),
        _ => null,
    };

    [LoggerMessage(EventId = 9101, EventName = "StorageFailureRiddenOut", Level = LogLevel.Warning,
        Message = "StorageFailureRiddenOut: a queue listener's background storage call failed ({ErrorType}, status {Status}); the message it concerned comes back after its visibility timeout")]
    private static partial void LogRiddenOut(ILogger logger, Exception error, string errorType, int? status);
}

using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace HeatRelief.SelfHost.Hosting;

/// <summary>
/// Turns "storage could not be reached on any try" (the client's retries ending in an aggregate of transport
/// errors) into a 503 <see cref="RequestFailedException"/>. The WebJobs queue listener backs off and polls again
/// on a storage error status, but ends its receive loop for good on any other exception: without this, one
/// outage longer than the client's retries left a running host that never read its queues again.
/// </summary>
public sealed class StorageUnreachablePolicy : HttpPipelinePolicy
{
    /// <summary>The error code of the 503 this policy throws.</summary>
    public const string ErrorCode = "StorageUnreachable";

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (AggregateException ex) when (Unreachable(ex))
        {
            throw Unavailable(ex);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        catch (AggregateException ex) when (Unreachable(ex))
        {
            throw Unavailable(ex);
        }
    }

    private static bool Unreachable(AggregateException error) =>
        error.InnerExceptions.Count > 0 && error.InnerExceptions.All(e => e is RequestFailedException { Status: 0 });

    private static RequestFailedException Unavailable(AggregateException error) =>
        new(503, $"Storage could not be reached: {error.Message}", ErrorCode, error);
}

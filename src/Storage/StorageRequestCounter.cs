using Azure.Core;
using Azure.Core.Pipeline;

namespace HeatRelief.Storage;

/// <summary>
/// Counts the requests every storage client sends, by service and HTTP method (each retry is a request, as
/// storage bills it). Always on: one interlocked increment per request, nothing kept per request.
/// </summary>
public sealed class StorageRequestCounter
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "MERGE", "PATCH", "HEAD", "OTHER"];
    private readonly long[] _counts = new long[Enum.GetValues<StorageService>().Length * Methods.Length];

    /// <summary>Table entity writes by partition; off unless a benchmark turns it on.</summary>
    public EntityWriteTally EntityWrites { get; } = new();

    /// <summary>Every request counted so far.</summary>
    public long Total => Snapshot().Values.Sum();

    public void Record(StorageService service, RequestMethod method)
    {
        var m = Array.IndexOf(Methods, method.Method);
        Interlocked.Increment(ref _counts[((int)service * Methods.Length) + (m < 0 ? Methods.Length - 1 : m)]);
    }

    /// <summary>Requests so far, keyed "table GET", "queue POST" and so on; only non-zero counts.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var service in Enum.GetValues<StorageService>())
        {
            for (var m = 0; m < Methods.Length; m++)
            {
                var n = Interlocked.Read(ref _counts[((int)service * Methods.Length) + m]);
                if (n > 0)
                {
                    result[$"{service.ToString().ToLowerInvariant()} {Methods[m]}"] = n;
                }
            }
        }

        return result;
    }

    /// <summary>The pipeline policy that feeds this counter for one service's clients.</summary>
    public HttpPipelinePolicy PolicyFor(StorageService service) => new CountingPolicy(this, service);

    private sealed class CountingPolicy(StorageRequestCounter counter, StorageService service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            counter.Record(service, message.Request.Method);
            if (service == StorageService.Table)
            {
                counter.EntityWrites.Record(message.Request);
            }
        }
    }
}

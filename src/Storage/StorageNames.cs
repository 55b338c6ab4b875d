using Microsoft.Extensions.Options;

namespace HeatRelief.Storage;

/// <summary>Resolves logical table and queue names to physical ones, applying the configured prefixes.</summary>
public sealed class StorageNames(IOptions<StorageOptions> options)
{
    private readonly StorageOptions _options = options.Value;

    public string Table(string logicalName) => _options.TablePrefix + logicalName;

    public string Queue(string logicalName) => _options.QueuePrefix + logicalName;
}

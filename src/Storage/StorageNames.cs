using Microsoft.Extensions.Options;

namespace HeatRelief.Storage;

/// <summary>Every table HeatRelief keeps.</summary>
public static class TableNames
{
    public const string Sites = "Sites";
    public const string Recipients = "Recipients";
    public const string Officers = "Officers";
    public const string HeatEvaluations = "HeatEvaluations";
    public const string Alerts = "Alerts";
    public const string Deliveries = "Deliveries";
    public const string AuditLog = "AuditLog";
    public const string Visits = "Visits";
    public const string OfficerLoad = "OfficerLoad";
    public const string UsedLinks = "UsedLinks";

    public static readonly IReadOnlyList<string> All = [Sites, Recipients, Officers, HeatEvaluations, Alerts, Deliveries, AuditLog, Visits, OfficerLoad, UsedLinks];
}

/// <summary>Resolves logical table and queue names to physical ones, applying the configured prefixes.</summary>
public sealed class StorageNames(IOptions<StorageOptions> options)
{
    private readonly StorageOptions _options = options.Value;

    public string Table(string logicalName) => _options.TablePrefix + logicalName;

    public string Queue(string logicalName) => _options.QueuePrefix + logicalName;
}

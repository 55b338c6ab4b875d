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

    /// <summary>The in-line delivery's claims: one row per chunk of an alert's recipients, with its handler and lease.</summary>
    public const string DeliveryChunks = "DeliveryChunks";
    public const string AuditLog = "AuditLog";
    public const string Visits = "Visits";
    public const string OfficerLoad = "OfficerLoad";
    public const string UsedLinks = "UsedLinks";
    public const string Warnings = "Warnings";
    public const string Acks = "Acks";

    /// <summary>The daily digest's claims: one row per recipient and local day, so each gets one digest a day.</summary>
    public const string Digests = "Digests";

    /// <summary>The heat check's lock (one check at a time across instances) and the outcome of the last check.</summary>
    public const string HeatChecks = "HeatChecks";

    public static readonly IReadOnlyList<string> All = [Sites, Recipients, Officers, HeatEvaluations, Alerts, Deliveries, DeliveryChunks, AuditLog, Visits, OfficerLoad, UsedLinks, Warnings, HeatChecks, Acks, Digests];
}

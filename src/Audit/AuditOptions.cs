using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Audit;

/// <summary>How the audit log is partitioned: by local day of the campaign's time zone.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>IANA time zone whose calendar day names a log partition.</summary>
    [Required] public string TimeZone { get; set; } = "Asia/Shanghai";
}

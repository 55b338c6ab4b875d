using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Visits;

/// <summary>How officers are chosen, how long they have to answer, and what a visit brings.</summary>
public sealed class VisitOptions
{
    public const string SectionName = "Visits";

    /// <summary>Minutes an officer has to accept before the visit is offered to the next candidate.</summary>
    [Range(1, 24 * 60)] public int AcceptWithinMinutes { get; set; } = 60;

    /// <summary>Officers tried (declined or expired) before the visit escalates to admins.</summary>
    [Range(1, 20)] public int MaxAttempts { get; set; } = 3;

    /// <summary>Officers this much farther than the nearest count as near-equals; among them the fewest season visits wins.</summary>
    [Range(0, 100)] public double FairnessToleranceKm { get; set; } = 3;

    /// <summary>
    /// Officers farther than this from a site (great-circle distance) are not offered its visit; with none
    /// nearer, the visit is unassigned and admins are told. A city-sized default.
    /// </summary>
    [Range(1, 2000)] public double MaxDistanceKm { get; set; } = 50;

    /// <summary>How many ranked candidates each visit records, so admins see whom the chosen officer beat.</summary>
    [Range(1, 50)] public int CandidatesRecorded { get; set; } = 8;

    /// <summary>Litres of drinking water to bring per outdoor worker.</summary>
    [Range(0, 20)] public double WaterLitresPerWorker { get; set; } = 1.5;

    /// <summary>Litres of mung-bean soup to bring per outdoor worker.</summary>
    [Range(0, 10)] public double SoupLitresPerWorker { get; set; } = 0.5;

    /// <summary>One heatstroke medicine kit per this many workers (rounded up).</summary>
    [Range(1, 1000)] public int WorkersPerMedicineKit { get; set; } = 10;

    /// <summary>
    /// Who hears about visits no officer could take: <c>channel:address</c> pairs separated by <c>;</c>,
    /// e.g. <c>email:duty@union.example;webhook:https://...</c>. Empty: the audit log only.
    /// </summary>
    [MaxLength(4000)] public string AdminRecipients { get; set; } = string.Empty;

    /// <summary>The app's public address; one-tap links in officer notifications point here.</summary>
    [Required, Url] public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>Secret key (at least 32 characters) signing one-tap action links. From Key Vault in Azure; never in code.</summary>
    [Required, MinLength(32)] public string LinkSigningKey { get; set; } = string.Empty;

    /// <summary>Hours a "complete" link stays valid after the visit is accepted.</summary>
    [Range(1, 24 * 14)] public int CompleteLinkValidHours { get; set; } = 48;
}

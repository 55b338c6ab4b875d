using System.Globalization;
using HeatRelief.Heat;

namespace HeatRelief.Visits;

/// <summary>Where a visit stands. Declined and expired are brief: the visit is offered to the next candidate.</summary>
public enum VisitStatus
{
    /// <summary>Requested, waiting for an officer to be chosen.</summary>
    Pending,

    /// <summary>Offered to an officer who has not answered yet.</summary>
    Assigned,

    /// <summary>The officer will go.</summary>
    Accepted,

    /// <summary>The officer said no; the next candidate is tried.</summary>
    Declined,

    /// <summary>The officer did not answer in time; the next candidate is tried.</summary>
    Expired,

    /// <summary>The visit took place.</summary>
    Completed,

    /// <summary>No officer had room; admins were told, and the reassignment timer keeps trying.</summary>
    Unassigned,

    /// <summary>Too many officers declined or let it expire; admins must act.</summary>
    Escalated,
}

/// <summary>
/// One officer's cooling-relief visit to one site on one heat day. The id is deterministic
/// (<c>{siteId}_{yyyyMMdd}</c>), so a redelivered visit request can never make a second one.
/// </summary>
public sealed record Visit(
    string Id,
    string SiteId,
    DateOnly Date,
    string AlertId,
    HeatLevel Level,
    int OutdoorWorkers,
    VisitStatus Status,
    string? OfficerId,
    int Attempt,
    IReadOnlyList<string> TriedOfficers,
    DateTimeOffset? AcceptBy,
    DateTimeOffset? NotifiedAt,
    DateTimeOffset? AdminsNotifiedAt,
    SupplyPlan Plan,
    VisitReport? Report,
    string? DeclineReason,
    DateTimeOffset UpdatedAt)
{
    public string DateKey => Alerts.Alert.DateKeyOf(Date);

    /// <summary>Higher level first, then more outdoor workers: who is served first when officers run short.</summary>
    public (int Level, int Workers) Priority => ((int)Level, OutdoorWorkers);

    public static string IdFor(string siteId, DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{siteId}_{date:yyyyMMdd}");

    /// <summary>The heat day an visit id names, or null when the id is not one.</summary>
    public static DateOnly? DateOf(string id)
    {
        var cut = id.LastIndexOf('_');
        return cut > 0 && DateOnly.TryParseExact(id[(cut + 1)..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>Still needs an officer (or a decision by an admin).</summary>
    public bool NeedsOfficer => Status is VisitStatus.Pending or VisitStatus.Declined or VisitStatus.Expired or VisitStatus.Unassigned;
}

/// <summary>What an officer brings, scaled to the site's outdoor headcount.</summary>
public sealed record SupplyPlan(double WaterLitres, double SoupLitres, int MedicineKits)
{
    public static SupplyPlan For(int outdoorWorkers, VisitOptions options) => new(
        Math.Round(outdoorWorkers * options.WaterLitresPerWorker, 1),
        Math.Round(outdoorWorkers * options.SoupLitresPerWorker, 1),
        outdoorWorkers <= 0 ? 0 : (outdoorWorkers + options.WorkersPerMedicineKit - 1) / options.WorkersPerMedicineKit);
}

/// <summary>What the officer reports on completing a visit.</summary>
public sealed record VisitReport(int WorkersReached, double WaterLitres, double SoupLitres, int MedicineKits, string? Notes);

/// <summary>One officer as the ranking saw them, kept with the visit to explain the choice.</summary>
public sealed record RankedCandidate(
    string OfficerId,
    bool SameDistrict,
    double DistanceKm,
    int VisitsToday,
    int MaxVisitsPerDay,
    int SeasonVisits,
    bool Eligible,
    string Reason);

/// <summary>One step in a visit's life: who moved it where, when.</summary>
public sealed record VisitTransition(DateTimeOffset At, string From, string To, string Actor, string? OfficerId, string? Note);

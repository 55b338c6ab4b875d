using HeatRelief.Alerts;
using HeatRelief.Visits;
using HeatRelief.Delivery;

namespace HeatRelief.Review;

/// <summary>What one heat day amounted to: alerts, notifications, and the cooling-relief visits.</summary>
public sealed record CampaignDay(
    DateOnly Date,
    IReadOnlyList<SiteLevel> Sites,
    IReadOnlyDictionary<AlertKind, int> AlertsByKind,
    IReadOnlyDictionary<DeliveryStatus, int> DeliveriesByStatus,
    IReadOnlyDictionary<string, int> DeliveriesByChannel,
    IReadOnlyDictionary<VisitStatus, int> VisitsByStatus,
    int VisitsCompleted,
    int WorkersReached,
    double WaterLitres,
    double SoupLitres,
    int MedicineKits)
{
    /// <summary>Sites asked to confirm their heat measures that day (orange or red).</summary>
    public int AcksAsked { get; init; }

    /// <summary>Of those, the sites that answered.</summary>
    public int AcksAnswered { get; init; }

    /// <summary>The median minutes from the ask to a site's first answer; null when nobody answered.</summary>
    public double? MedianMinutesToAnswer { get; init; }

    /// <summary>The share of asked sites that answered, 0 to 1; null when nobody was asked.</summary>
    public double? AckRate => AcksAsked == 0 ? null : (double)AcksAnswered / AcksAsked;
}

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
    int MedicineKits);

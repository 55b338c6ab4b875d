namespace HeatRelief.Visits;

/// <summary>What the officer reports on completing a visit.</summary>
public sealed record VisitReport(int WorkersReached, double WaterLitres, double SoupLitres, int MedicineKits, string? Notes);

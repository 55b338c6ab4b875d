namespace HeatRelief.Visits;

/// <summary>
/// What the officer reports on completing a visit. <paramref name="MeasuresMatched"/>: whether the heat measures the
/// site confirmed (issue 16's acknowledgement) matched what the officer saw; null when not checked or not asked.
/// </summary>
public sealed record VisitReport(int WorkersReached, double WaterLitres, double SoupLitres, int MedicineKits, string? Notes, bool? MeasuresMatched = null);

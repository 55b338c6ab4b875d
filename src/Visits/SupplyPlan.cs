namespace HeatRelief.Visits;

/// <summary>What an officer brings, scaled to the site's outdoor headcount.</summary>
public sealed record SupplyPlan(double WaterLitres, double SoupLitres, int MedicineKits)
{
    public static SupplyPlan For(int outdoorWorkers, VisitOptions options) => new(
        Math.Round(outdoorWorkers * options.WaterLitresPerWorker, 1),
        Math.Round(outdoorWorkers * options.SoupLitresPerWorker, 1),
        outdoorWorkers <= 0 ? 0 : (outdoorWorkers + options.WorkersPerMedicineKit - 1) / options.WorkersPerMedicineKit);
}

namespace HeatRelief.Api;

/// <summary>The body of <c>POST /api/visits/{id}/complete</c>.</summary>
public sealed record CompleteBody
{
    public required int WorkersReached { get; init; }

    public required double WaterLitres { get; init; }

    public required double SoupLitres { get; init; }

    public required int MedicineKits { get; init; }

    public string? Notes { get; init; }

    /// <summary>Whether the heat measures the site confirmed matched what the officer saw; absent when not checked.</summary>
    public bool? MeasuresMatched { get; init; }
}

namespace HeatRelief.Sites;

/// <summary>What saving one record from a form did (<see cref="UpsertCounts"/> of one row), and the sentence that says so.</summary>
public sealed record SaveOutcome(UpsertCounts Counts, string Message)
{
    public bool Changed => Counts.Added + Counts.Changed > 0;
}

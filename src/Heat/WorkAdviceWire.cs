namespace HeatRelief.Heat;

/// <summary>The one stored form of <see cref="WorkAdvice"/>: the member name, as written since the first release.</summary>
public static class WorkAdviceWire
{
    public static string ToWire(this WorkAdvice advice) => advice.ToString();

    /// <summary>Reads a stored advice in any case; a missing or unknown value reads as <see cref="WorkAdvice.None"/>, as it always has.</summary>
    public static WorkAdvice FromWire(string? value) =>
        Enum.TryParse<WorkAdvice>(value, ignoreCase: true, out var advice) ? advice : WorkAdvice.None;
}

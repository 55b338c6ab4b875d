namespace HeatRelief.Warnings;

/// <summary>CAP 1.2 <c>status</c>: only <see cref="Actual"/> warnings change a level; the rest are recorded.</summary>
public enum CapStatus
{
    Actual,
    Exercise,
    System,
    Test,
    Draft,
}

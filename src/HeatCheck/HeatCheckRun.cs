namespace HeatRelief.HeatCheck;

/// <summary>
/// What asking for a heat check now came to: it ran (<see cref="Result"/>), or it was refused because another
/// check was running (<see cref="Running"/>, the lock of that check, or null when it ended as it was read).
/// </summary>
public sealed record HeatCheckRun(HeatCheckResult? Result, HeatCheckLease? Running)
{
    public bool Ran => Result is not null;
}

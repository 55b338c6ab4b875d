namespace HeatRelief.HeatCheck;

/// <summary>
/// How the last heat check ended, as the status route shows it: when and by whom it ran, what it graded, and
/// whether the forecast source or the official warnings source failed, and why (<see cref="HeatCheckStore"/> keeps it).
/// </summary>
public sealed record HeatCheckOutcome
{
    /// <summary><c>timer</c> (the schedule, or a host's start) or <c>admin:NAME</c> (the dashboard's check now).</summary>
    public required string Trigger { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>What the check did; null when it failed before grading.</summary>
    public HeatCheckResult? Result { get; init; }

    /// <summary>Why the forecast source failed (no level changed); null when it answered.</summary>
    public string? WeatherFailure { get; init; }

    /// <summary>The official warnings source's name (<c>none</c> when none is configured).</summary>
    public string? WarningSource { get; init; }

    /// <summary>Why the official warnings source failed (stored warnings still counted); null when it answered.</summary>
    public string? WarningFailure { get; init; }

    /// <summary>Any other failure (storage unreachable, a bug): the error's type and first line.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the check graded every site it could (the warning source may still have failed).</summary>
    public bool Completed => WeatherFailure is null && Error is null;
}

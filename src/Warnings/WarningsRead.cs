namespace HeatRelief.Warnings;

/// <summary>
/// What a heat check knows of official warnings: the lifecycle over every message stored and received (null when
/// <c>Warnings__Source</c> is none), and the source's failure this run (null when it answered). A failed source still
/// gives the stored warnings, and no all-clear is sent that run.
/// </summary>
public sealed record WarningsRead(WarningBook? Book, string? Failure)
{
    public static readonly WarningsRead None = new(null, null);

    public bool SourceFailed => Failure is not null;
}

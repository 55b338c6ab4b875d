using HeatRelief.Sites;

namespace HeatRelief.Warnings;

/// <summary><c>Warnings__Source=none</c> (the default): levels come from the forecast alone.</summary>
public sealed class NoWarningSource : IWarningSource
{
    public string Name => WarningsOptions.NoSource;

    public Task<WarningFetch> FetchAsync(IReadOnlyList<Site> sites, CancellationToken ct) => Task.FromResult(WarningFetch.Empty);
}

using HeatRelief.Sites;
using Microsoft.Extensions.Options;

namespace HeatRelief.Warnings;

/// <summary>
/// <c>Warnings__Source=folder</c>: every CAP file in <c>Warnings__FolderPath</c>, read at each heat check. A missing
/// folder fails the source; a bad file is rejected by name and the others count. With <c>Warnings__ReplayFrom</c> set
/// (the demo), the messages are a replay: moved by whole days so that date is today in the campaign's zone, as the
/// recorded forecast is (<see cref="WarningReplay"/>).
/// </summary>
public sealed class FolderWarningSource(WarningFolder folder, IOptions<WarningsOptions> options, WarningReplay replay) : IWarningSource
{
    public string Name => WarningsOptions.FolderSource;

    public Task<WarningFetch> FetchAsync(IReadOnlyList<Site> sites, CancellationToken ct)
    {
        var read = folder.Read(options.Value.FolderPath);
        if (read.Failure is { } failure)
        {
            throw new WarningSourceException(failure);
        }

        return Task.FromResult(new WarningFetch(replay.Apply(read.Documents), read.Rejected));
    }
}

using System.CommandLine;
using HeatRelief.Storage;
using HeatRelief.Visits;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>migrate</c>: copies the visits a deployment from before the rename kept in its <c>Assignments</c> table into
/// <c>Visits</c>, insert-if-absent, so it can run again at any time (a row already in <c>Visits</c> is newer and is
/// kept). Prints one line with the counts, or that there is nothing to migrate.
/// </summary>
public static class MigrateCommand
{
    public static Command Define() => new("migrate",
        $"Copy visits from the {FormerVisitTableStore.FormerTableName} table of versions before the rename into {TableNames.Visits} (insert-if-absent; safe to run again).");

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var names = services.GetRequiredService<StorageClients>().Names;
        var result = await services.GetRequiredService<FormerVisitTableStore>().CopyToVisitsAsync(ct);
        output.WriteLine(result.Describe(names.Table(FormerVisitTableStore.FormerTableName), names.Table(TableNames.Visits)));
        return 0;
    }
}

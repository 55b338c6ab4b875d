using HeatRelief.Sites;
using HeatRelief.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.SelfHost.Cli;

/// <summary>
/// <c>activate|deactivate|remove site|recipient|officer ID</c>: changes one directory record's lifecycle through
/// <see cref="DirectoryLifecycle"/>, which writes the audit record. A recipient id used at two sites is given as SITE/ID.
/// </summary>
public static class DirectoryCommand
{
    public static async Task<int> RunAsync(CommandLine line, IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        line.RejectUnknown();
        if (line.Arguments.Count != 2)
        {
            throw new UsageException($"{line.Command} takes a kind (site, recipient or officer) and one id, e.g. ./run.sh {line.Command} site BJ-CY-004");
        }

        var kind = line.Arguments[0] switch
        {
            "site" => DirectoryKind.Site,
            "recipient" => DirectoryKind.Recipient,
            "officer" => DirectoryKind.Officer,
            var other => throw new UsageException($"unknown kind '{(other.Length > 40 ? other[..40] + "..." : other)}' for {line.Command}: expected site, recipient or officer"),
        };
        var action = line.Command switch
        {
            "activate" => LifecycleAction.Activate,
            "deactivate" => LifecycleAction.Deactivate,
            _ => LifecycleAction.Remove,
        };

        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(ct).ConfigureAwait(false);
        var outcome = await services.GetRequiredService<DirectoryLifecycle>().ChangeAsync(kind, line.Arguments[1], action, "cli", ct).ConfigureAwait(false);
        output.WriteLine(outcome.Message);
        return 0;
    }
}

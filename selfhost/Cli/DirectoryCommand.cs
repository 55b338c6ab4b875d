using System.CommandLine;
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
    public static Command Define(string name) => new(name, name switch
    {
        "activate" => "Make one site, recipient or officer active again (a removed one too).",
        "deactivate" => "Stop alerts and visits for one site, recipient or officer; it stays listed.",
        _ => "Remove one site, recipient or officer; its audit records, deliveries and visits stay readable.",
    })
    {
        KindArgument(),
        new Argument<string>("ID") { Description = "the record's id (a recipient id used at two sites: SITE/ID)" },
    };

    private static Argument<string> KindArgument()
    {
        var kind = new Argument<string>("KIND") { Description = "site, recipient or officer" };
        kind.Validators.Add(result =>
        {
            // One line, before storage is touched (System.CommandLine's own list of choices spans several lines).
            if (result.GetValueOrDefault<string>() is not ("site" or "recipient" or "officer") and var other)
            {
                result.AddError($"unknown kind '{(other is { Length: > 40 } ? other[..40] + "..." : other)}': expected site, recipient or officer");
            }
        });
        return kind;
    }

    public static async Task<int> RunAsync(CommandLine line, IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var kind = line.Argument("KIND") switch
        {
            "site" => DirectoryKind.Site,
            "recipient" => DirectoryKind.Recipient,
            "officer" => DirectoryKind.Officer,
            var other => throw new UsageException($"unknown kind '{(other is { Length: > 40 } ? other[..40] + "..." : other)}' for {line.Command}: expected site, recipient or officer"),
        };
        var action = line.Command switch
        {
            "activate" => LifecycleAction.Activate,
            "deactivate" => LifecycleAction.Deactivate,
            _ => LifecycleAction.Remove,
        };

        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(ct);
        var outcome = await services.GetRequiredService<DirectoryLifecycle>().ChangeAsync(kind, line.Argument("ID")!, action, "cli", ct);
        output.WriteLine(outcome.Message);
        return 0;
    }
}

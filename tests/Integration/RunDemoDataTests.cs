using HeatRelief.SelfHost.Cli;
using HeatRelief.SelfHost.Hosting;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HeatRelief.Tests.Integration;

/// <summary><c>./run.sh</c> (<c>run</c>) loads the demo only into empty storage, or its missing rows on --demo; an admin's own rows are never overwritten.</summary>
public sealed class RunDemoDataTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_WithAnAdminsOwnData_ChangesNothingAndAddsNoDemoRows()
    {
        var ct = TestContext.Current.CancellationToken;
        var configuration = Settings();
        var folder = TestPaths.NewTempFolder();
        using (var setup = Host(configuration))
        {
            var import = CommandLine.Parse(["import",
                "--sites", CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader, "OWN-1,Our market,Fengtai,39.8,116.3,market,10"),
                "--officers", CsvFiles.Write(folder, "officers.csv", CsvFiles.OfficersHeader, "OF-001,Our officer,Fengtai,39.8,116.3,console,13800000000,2")]);
            (await ImportCommand.RunAsync(import, setup.Services, new StringWriter(), ct)).ShouldBe(0);

            // The admin moves the officer to a webhook after the import.
            var directory = setup.Services.GetRequiredService<SiteDirectory>();
            var officer = (await directory.GetOfficerAsync("OF-001", ct))!;
            await directory.UpsertOfficersAsync([officer with { Channel = "webhook", Address = "https://hooks.example/of-001" }], ct);
        }

        var output = new StringWriter();
        (await RunCommand.RunAsync(CommandLine.Parse(["run", "--once", "--no-initial-check"]), TestPaths.Root, configuration, output, ct)).ShouldBe(0, output.ToString());

        output.ToString().ShouldContain("Using the existing data: 1 site, 1 officer");
        using var after = Host(configuration);
        var stored = after.Services.GetRequiredService<SiteDirectory>();
        (await stored.ListSitesAsync(ct)).Select(s => s.Id).ShouldBe(["OWN-1"], "no demo site was merged in");
        var officers = await stored.ListOfficersAsync(ct);
        officers.Count.ShouldBe(1, "no demo officer was added");
        officers[0].Channel.ShouldBe("webhook");
        officers[0].Name.ShouldBe("Our officer");
    }

    [Fact]
    public async Task Run_IntoEmptyStorage_LoadsTheDemoAndSaysSo()
    {
        var ct = TestContext.Current.CancellationToken;
        var configuration = Settings();
        var output = new StringWriter();

        (await RunCommand.RunAsync(CommandLine.Parse(["run", "--once", "--no-initial-check"]), TestPaths.Root, configuration, output, ct)).ShouldBe(0, output.ToString());

        output.ToString().ShouldContain("Storage is empty: loaded the demo from samples/ (33 sites, 300 recipients, 12 officers).");
        using var after = Host(configuration);
        (await after.Services.GetRequiredService<SiteDirectory>().ListSitesAsync(ct)).Count.ShouldBe(33);
    }

    [Fact]
    public async Task RunDemo_AddsOnlyMissingRows_NeverOverwritingStoredOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        var configuration = Settings();
        using (var setup = Host(configuration))
        {
            (await ImportCommand.RunAsync(CommandLine.Parse(["import", "--officers", Path.Combine(TestPaths.Samples, "officers.csv")]), setup.Services, new StringWriter(), ct)).ShouldBe(0);
            var directory = setup.Services.GetRequiredService<SiteDirectory>();
            var officer = (await directory.GetOfficerAsync("OF-001", ct))!;
            await directory.UpsertOfficersAsync([officer with { Channel = "webhook", Address = "https://hooks.example/of-001" }], ct);
        }

        var output = new StringWriter();
        (await RunCommand.RunAsync(CommandLine.Parse(["run", "--demo", "--once", "--no-initial-check"]), TestPaths.Root, configuration, output, ct)).ShouldBe(0, output.ToString());

        output.ToString().ShouldContain("--demo: added the demo rows not stored yet from samples/ (33 sites, 300 recipients, 0 officers;");
        using var after = Host(configuration);
        var stored = after.Services.GetRequiredService<SiteDirectory>();
        (await stored.GetOfficerAsync("OF-001", ct))!.Channel.ShouldBe("webhook", "--demo must not put the officer back on console");
        (await stored.ListSitesAsync(ct)).Count.ShouldBe(33);
    }

    private IConfiguration Settings()
    {
        var settings = TestServices.BaseSettings(azurite.ConnectionString(azurite.RentAccount()), prefix: null);
        settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500";
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    private static IHost Host(IConfiguration configuration) => SelfHostBuilder.Build(TestPaths.Root, configuration, SelfHostBuilder.WarningsOnly);
}

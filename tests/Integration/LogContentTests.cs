using System.Text.RegularExpressions;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Tests.Integration;

/// <summary>What the functions log while the demo heatwave runs through the self-host: ids to trace by, never contact details.</summary>
public sealed partial class LogContentTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Logs_DemoHeatwave_CarryAlertSiteAndVisitIdsButNoContactDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturedLogs();
        await using var harness = SelfHostHarness.Create(azurite, logging: l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        await harness.ImportSamplesAsync(ct);
        await harness.StartAsync(ct);

        await harness.HeatCheckAndDrainAsync(ct);

        var records = logs.Records.Where(r => r.Category.StartsWith("HeatRelief.", StringComparison.Ordinal)).ToList();
        records.ShouldContain(r => r.EventName == "AlertFannedOut" && r.Properties.ContainsKey("AlertId") && r.Properties.ContainsKey("SiteId"));
        records.ShouldContain(r => r.EventName == "VisitAssigned" && r.Properties.ContainsKey("VisitId") && r.Properties.ContainsKey("OfficerId") && r.Properties.ContainsKey("SiteId"));
        records.ShouldContain(r => r.EventName == "ConsoleNotification");

        // Every address in the demo data (recipients' and officers' phone numbers), and anything shaped like one.
        var directory = harness.Get<SiteDirectory>();
        var addresses = (await directory.ListOfficersAsync(ct)).Select(o => o.Address).ToHashSet(StringComparer.Ordinal);
        foreach (var site in await directory.ListSitesAsync(ct))
        {
            await foreach (var page in directory.PageRecipientsAsync(site.Id, 100, ct))
            {
                addresses.UnionWith(page.Select(r => r.Address));
            }
        }

        addresses.Count.ShouldBeGreaterThan(300);
        var everything = logs.Records.SelectMany(r => r.Properties.Values.Prepend(r.Message)).Where(v => v is not null).ToList();
        everything.Count.ShouldBeGreaterThan(100);
        foreach (var text in everything)
        {
            addresses.Where(a => text!.Contains(a, StringComparison.Ordinal)).ShouldBeEmpty($"a contact address in the log text: {text}");
            // Storage request ids are random GUIDs, and one can hold eleven digits in a row that look like a phone number.
            PhoneOrEmail().IsMatch(Guid().Replace(text!, "<guid>")).ShouldBeFalse($"something shaped like a phone number or e-mail address in the log text: {text}");
        }
    }

    // Bounded by letters too: the Azure SDK's trace logs carry request GUIDs, whose hex groups can hold
    // eleven digits in a row (b19198752743) but never stand alone as a phone number does.
    [GeneratedRegex(@"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])|[\w.+-]+@[\w-]+\.[\w.]+")]
    private static partial Regex PhoneOrEmail();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}

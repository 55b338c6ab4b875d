using System.Collections.Concurrent;
using System.Text.Json;
using System.Xml.Linq;
using HeatRelief.Functions;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The Functions app logs through OpenTelemetry (not the Application Insights SDK): its configuration, run in the
/// self-host over the demo heatwave, exports log records that carry alert, site and visit ids and no contact details.
/// </summary>
public sealed class FunctionsTelemetryTests(AzuriteFixture azurite)
{
    private static readonly string[] ApplicationInsightsSdk = ["Microsoft.ApplicationInsights", "Microsoft.Azure.Functions.Worker.ApplicationInsights"];

    [Fact]
    public void FunctionsProject_ReferencesOpenTelemetry_AndNoApplicationInsightsSdk()
    {
        var project = XDocument.Load(Path.Combine(TestPaths.Root, "functions", "HeatRelief.Functions.csproj"));
        var references = project.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).ToList();
        references.ShouldContain("Microsoft.Azure.Functions.Worker.OpenTelemetry");
        references.ShouldContain("Azure.Monitor.OpenTelemetry.Exporter");

        // Transitively too: the build's dependency list names every package the app ships.
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(TestPaths.FunctionsMetadata)!, "HeatRelief.Functions.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
        libraries.ShouldContain("Microsoft.Azure.Functions.Worker.OpenTelemetry");
        libraries.Where(l => ApplicationInsightsSdk.Any(sdk => l.StartsWith(sdk, StringComparison.OrdinalIgnoreCase))).ShouldBeEmpty();
    }

    [Fact]
    public void HostJson_AsksTheFunctionsHostForOpenTelemetry()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "host.json")));
        host.RootElement.GetProperty("telemetryMode").GetString().ShouldBe("OpenTelemetry");
    }

    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", "11111111-2222-3333-4444-555555555555")]
    [InlineData(" Authorization=aad ; ClientId=abc ", "abc")]
    [InlineData("Authorization=AAD", null)]
    [InlineData("ClientId=abc", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void FunctionsTelemetry_ClientId_ReadsTheIdentityOfAnAadAuthenticationString(string? authentication, string? clientId)
    {
        FunctionsTelemetry.ClientId(authentication).ShouldBe(clientId);
    }

    [Fact]
    public async Task FunctionsTelemetry_DemoHeatwave_ExportsLogsWithAlertSiteAndVisitIdsButNoContactDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        var exported = new ConcurrentQueue<Exported>();
        var configuration = new ConfigurationBuilder().Build();
        await using var harness = SelfHostHarness.Create(azurite, logging: l =>
        {
            l.SetMinimumLevel(LogLevel.Information);
            l.Services.AddFunctionsTelemetry(configuration).WithLogging(b => b.AddProcessor(new Recorder(exported)));
        });
        await harness.ImportSamplesAsync(ct);
        await harness.StartAsync(ct);

        await harness.HeatCheckAndDrainAsync(ct);
        await harness.Host.StopAsync(ct);

        var ours = exported.Where(r => r.Category.StartsWith("HeatRelief.", StringComparison.Ordinal)).ToList();
        ours.ShouldContain(r => r.EventName == "AlertFannedOut" && r.Attributes.ContainsKey("AlertId") && r.Attributes.ContainsKey("SiteId"));
        ours.ShouldContain(r => r.EventName == "VisitAssigned" && r.Attributes.ContainsKey("VisitId") && r.Attributes.ContainsKey("SiteId"));

        var directory = harness.Get<SiteDirectory>();
        var officers = await directory.ListOfficersAsync(ct);
        var personal = officers.Select(o => o.Address).Concat(officers.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var site in await directory.ListSitesAsync(ct))
        {
            await foreach (var page in directory.PageRecipientsAsync(site.Id, 100, ct))
            {
                personal.UnionWith(page.Select(r => r.Address));
            }
        }

        personal.Count.ShouldBeGreaterThan(300);
        var texts = exported.SelectMany(r => r.Attributes.Values.Concat(r.Scopes).Append(r.Message)).OfType<string>().ToList();
        texts.Count.ShouldBeGreaterThan(100);
        foreach (var text in texts)
        {
            personal.Where(p => text.Contains(p, StringComparison.Ordinal)).ShouldBeEmpty($"personal data in an exported log record: {text}");
        }
    }

    /// <summary>What the test keeps of an exported record (the SDK reuses LogRecord instances once exported).</summary>
    private sealed record Exported(string Category, string? EventName, string? Message, IReadOnlyDictionary<string, string?> Attributes, IReadOnlyList<string?> Scopes);

    /// <summary>Copies every log record as it ends, as an exporter would see it.</summary>
    private sealed class Recorder(ConcurrentQueue<Exported> exported) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            var scopes = new List<string?>();
            data.ForEachScope(
                (scope, list) =>
                {
                    foreach (var item in scope)
                    {
                        list.Add(item.Value?.ToString());
                    }
                },
                scopes);
            var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in data.Attributes ?? [])
            {
                attributes[key] = value?.ToString();
            }

            exported.Enqueue(new Exported(data.CategoryName ?? string.Empty, data.EventId.Name, data.FormattedMessage, attributes, scopes));
        }
    }
}

using System.Net;
using System.Xml.Linq;
using HeatRelief.Alerts;
using HeatRelief.Api;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// HeatRelief's alerts as CAP over HTTP from the self-host: the recorded heatwave checked on two days (the second
/// escalates some sites' alerts), then the Atom feed and every CAP document it links to are fetched, validated
/// against the CAP 1.2 schema and read back with the parser, as a consumer would.
/// </summary>
public sealed class CapFeedHttpTests(AzuriteFixture azurite)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task CapFeed_RecordedHeatwave_FeedAndDocumentsAreValidCapThatReadBackAsTheAlertsInForce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
            ["CapFeed:Sender"] = "heatrelief@union.example",
        }, http: true);
        await harness.ImportSamplesAsync(ct);
        await harness.StartAsync(ct);
        await harness.HeatCheckAndDrainAsync(ct);

        // A day later the recording's first day is the 16th: sites that were orange for the 16th are now red there.
        harness.Clock.Advance(TimeSpan.FromDays(1));
        await harness.HeatCheckAndDrainAsync(ct);
        var store = harness.Get<AlertStore>();
        var alerts = new List<Alert>();
        foreach (var day in new[] { "2026-07-15", "2026-07-16", "2026-07-17" })
        {
            alerts.AddRange((await store.ListAsync(day, ct)).Select(a => a.Alert));
        }

        alerts.ShouldContain(a => a.Kind == AlertKind.Escalated, "the second check escalates");
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };

        using var feedResponse = await http.GetAsync($"{ApiRoutes.Prefix}/{RouteTemplates.CapFeed}", ct);
        feedResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        feedResponse.Content.Headers.ContentType!.ToString().ShouldBe("application/atom+xml; charset=utf-8");
        var feed = XDocument.Parse(await feedResponse.Content.ReadAsStringAsync(ct)).Root!;
        feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value
            .ShouldBe(new Uri(harness.BaseAddress!, $"{ApiRoutes.Prefix}/{RouteTemplates.CapFeed}").AbsoluteUri);
        var entries = feed.Elements(Atom + "entry").ToList();
        entries.Count.ShouldBe(alerts.Count, "every alert of the week, none left out");
        var updated = entries.Select(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        updated.SequenceEqual(updated.OrderByDescending(u => u)).ShouldBeTrue("newest first");

        // Every document the feed links to: valid CAP 1.2, read back by the parser, naming the alert it was made from.
        var parser = new CapParser();
        var documents = new List<CapDocument>();
        foreach (var link in entries.Select(e => e.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate")))
        {
            link.Attribute("type")!.Value.ShouldBe("application/cap+xml");
            using var response = await http.GetAsync(new Uri(link.Attribute("href")!.Value), ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, link.ToString());
            response.Content.Headers.ContentType!.ToString().ShouldBe("application/cap+xml; charset=utf-8");
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            CapSchema.Validate(bytes).ShouldBeEmpty(System.Text.Encoding.UTF8.GetString(bytes));
            var parsed = parser.Parse(new MemoryStream(bytes), link.Attribute("href")!.Value);
            parsed.Problem.ShouldBeNull();
            documents.Add(parsed.Document!);
        }

        documents.Select(d => d.Identifier).ShouldBe(alerts.Select(a => a.Id), ignoreOrder: true);
        documents.ShouldAllBe(d => d.Sender == "heatrelief@union.example" && d.Status == CapStatus.Actual && d.Infos.Count == 2);
        var escalated = alerts.First(a => a.Kind == AlertKind.Escalated);
        var raised = alerts.Single(a => a.SiteId == escalated.SiteId && a.Date == escalated.Date && a.Kind == AlertKind.Raised);
        var update = documents.Single(d => d.Identifier == escalated.Id);
        var original = documents.Single(d => d.Identifier == raised.Id);
        update.MsgType.ShouldBe(CapMessageType.Update);
        update.References.ShouldBe([new CapReference(original.Sender, original.Identifier, original.Sent)]);

        // Read back as the warnings in force: at each alerted site and day, exactly its highest alert.
        var book = new WarningBook(documents, new HeatClassifier(new WarningsOptions()), Shanghai);
        book.Notes.ShouldBeEmpty();
        var sites = (await harness.Get<SiteDirectory>().ListSitesAsync(ct)).ToDictionary(s => s.Id);
        foreach (var thread in alerts.GroupBy(a => (a.SiteId, a.Date)))
        {
            var site = sites[thread.Key.SiteId];
            var top = thread.MaxBy(a => a.Level)!;
            var inForce = book.InForce(site.Latitude, site.Longitude, null, thread.Key.Date).Where(w => w.Info.Areas[0].Description.StartsWith(site.Name, StringComparison.Ordinal)).ToList();
            inForce.Select(w => (w.Document.Identifier, w.Level)).ShouldBe([(top.Id, top.Level)], $"{thread.Key}");
        }

        book.InForce(sites[escalated.SiteId].Latitude, sites[escalated.SiteId].Longitude, null, escalated.Date)
            .ShouldNotContain(w => w.Document.Identifier == raised.Id, "the update replaced the raised alert");

        // An id no alert has: a one-line problem, not a document.
        using var missing = await http.GetAsync($"{ApiRoutes.Prefix}/cap/alerts/NO-SUCH_20260715_red.xml", ct);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await missing.Content.ReadAsStringAsync(ct)).ShouldContain("no HeatRelief alert has the id 'NO-SUCH_20260715_red'");
    }
}

using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Api;
using HeatRelief.Delivery;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>Who got what over HTTP from the self-host, after a real pipeline run: a recipient's alerts, and an alert's recipients.</summary>
public sealed class WhoGotWhatTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WhoGotWhat_AfterAPipelineRun_FindsTheRecipientsDeliveriesByNameAndId()
    {
        var ct = TestContext.Current.CancellationToken;
        var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22),
            new ForecastBuilder.Location(39.80, 116.30, [41.0, 40.5, 40.0]), new ForecastBuilder.Location(39.90, 116.40, [41.0, 40.5, 40.0]));
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?> { ["Weather:RecordingPath"] = recording, ["Alerts:LookaheadDays"] = "0" }, http: true);
        await harness.StartAsync(ct);
        var folder = TestPaths.NewTempFolder();
        var importer = harness.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,Yard (货场),Shunyi,39.8,116.3,courier,40", "S10,Depot (车场),Dongcheng,39.9,116.4,courier,20"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "r.csv", CsvFiles.RecipientsHeader,
            "R1,S1,王建国,foreman,console,13800000001,zh,,", "R2,S1,Li Na,worker,console,13800000002,en,,", "R10,S10,王小明,worker,console,13800000003,zh,,"), ct);
        await harness.HeatCheckAndDrainAsync(ct);
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        var admin = harness.Get<DevelopmentTokens>().Create("duty-admin", [Caller.AdminRole], TimeSpan.FromHours(1));

        // By name: 王建国 only (R1 at S1), with the red alert of S1 delivered by console; not S10's R1.
        var byName = await GetAsync(http, admin, "api/manage/deliveries?recipient=" + Uri.EscapeDataString("建国"), ct);
        var found = byName.GetProperty("recipients").EnumerateArray().ShouldHaveSingleItem();
        found.GetProperty("id").GetString().ShouldBe("R1");
        found.GetProperty("siteId").GetString().ShouldBe("S1");
        found.GetProperty("siteName").GetString().ShouldBe("Yard (货场)");
        var delivery = found.GetProperty("deliveries").EnumerateArray().ShouldHaveSingleItem();
        delivery.GetProperty("alertId").GetString().ShouldBe("S1_20260715_red");
        delivery.GetProperty("channel").GetString().ShouldBe("console");
        delivery.GetProperty("status").GetString().ShouldBe("delivered");
        delivery.GetProperty("level").GetString().ShouldBe("red");
        delivery.GetProperty("at").GetDateTimeOffset().ShouldBe(harness.Clock.GetUtcNow());

        // By id, in any case: R1 only (not R10), with only its own site's alert.
        var byId = await GetAsync(http, admin, "api/manage/deliveries?recipient=r1", ct);
        byId.GetProperty("recipients").EnumerateArray().ShouldHaveSingleItem().GetProperty("deliveries").EnumerateArray()
            .Select(d => d.GetProperty("alertId").GetString()).ShouldBe(["S1_20260715_red"]);
        var other = (await GetAsync(http, admin, "api/manage/deliveries?recipient=R10", ct)).GetProperty("recipients").EnumerateArray().ShouldHaveSingleItem();
        other.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("alertId").GetString()).ShouldBe(["S10_20260715_red"]);

        // The alert's recipients, with their names and status.
        var alert = await GetAsync(http, admin, "api/manage/alerts/S1_20260715_red/deliveries", ct);
        var recipients = alert.GetProperty("recipients").EnumerateArray().ToList();
        recipients.Select(r => (r.GetProperty("recipientId").GetString(), r.GetProperty("name").GetString(), r.GetProperty("status").GetString()))
            .ShouldBe([("R1", "王建国", "delivered"), ("R2", "Li Na", "delivered")]);

        (await GetAsync(http, admin, "api/manage/deliveries?recipient=nobody-by-this-name", ct)).GetProperty("recipients").GetArrayLength().ShouldBe(0);
        using var missing = new HttpRequestMessage(HttpMethod.Get, "api/manage/deliveries");
        missing.Headers.Add(ClientPrincipal.HeaderName, admin);
        (await http.SendAsync(missing, ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WhoGotWhat_AnAlertsRowsInItsOwnPartitionAndInBuckets_AreFoundByAlertAndByRecipient_NotAnotherGenerations()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite);
        await harness.StartAsync(ct);
        var folder = TestPaths.NewTempFolder();
        var importer = harness.Get<CsvImporter>();
        await importer.ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,Yard (货场),Shunyi,39.8,116.3,courier,40"), ct);
        await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "r.csv", CsvFiles.RecipientsHeader,
            "R1,S1,王建国,foreman,console,13800000001,zh,,", "R2,S1,Li Na,worker,console,13800000002,en,,", "R3,S1,张三,worker,console,13800000003,zh,,"), ct);
        const string alertId = "S1_20260715_red";
        var table = await harness.Get<StorageClients>().TableAsync(TableNames.Deliveries, ct);
        // R1 as every row was written before the buckets (no AlertId column); R2 in its bucket, as a very large
        // site's alert is written; R3 only in the next generation's partition, which must not be counted here.
        await table.AddEntityAsync(Row(alertId, "R1", alertId: null), ct);
        await table.AddEntityAsync(Row(PartitionBuckets.KeyOf(alertId, "R2"), "R2", alertId), ct);
        await table.AddEntityAsync(Row(alertId + "-1", "R3", alertId + "-1"), ct);
        var deliveries = harness.Get<RecipientDeliveries>();

        var ofAlert = await deliveries.ForAlertAsync(alertId, ct);
        ofAlert.Select(r => (r.Delivery.AlertId, r.Delivery.RecipientId, r.Recipient?.Name)).ShouldBe([(alertId, "R1", "王建国"), (alertId, "R2", "Li Na")]);

        (await deliveries.ByIdAsync("R2", ct)).ShouldHaveSingleItem().Deliveries.Select(d => d.AlertId).ShouldBe([alertId]);
        (await deliveries.ByIdAsync("R1", ct)).ShouldHaveSingleItem().Deliveries.Select(d => d.AlertId).ShouldBe([alertId]);
        (await deliveries.ByIdAsync("R3", ct)).ShouldHaveSingleItem().Deliveries.Select(d => d.AlertId).ShouldBe([alertId + "-1"]);
    }

    private static TableEntity Row(string partition, string recipientId, string? alertId) => new(partition, recipientId)
    {
        ["AlertId"] = alertId,
        ["SiteId"] = "S1",
        ["Date"] = "2026-07-15",
        ["Level"] = "red",
        ["Channel"] = "console",
        ["Status"] = "delivered",
        ["Attempts"] = 1,
        ["SettledAt"] = new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero),
    };

    private static async Task<JsonElement> GetAsync(HttpClient http, string principal, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ClientPrincipal.HeaderName, principal);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

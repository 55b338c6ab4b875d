using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HeatRelief.Api;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.Messaging;
using HeatRelief.Visits;

namespace HeatRelief.Tests.Integration;

/// <summary>The admin routes over real HTTP from the self-host: admins only, CSV streamed, bad filters refused clearly.</summary>
public sealed class AdminApiTests(AzuriteFixture azurite)
{
    private static readonly string[] AdminGets = ["api/manage/me", "api/manage/audit", "api/manage/audit.csv", "api/manage/summary", "api/manage/sites", "api/manage/poison"];

    [Fact]
    public async Task AdminRoutes_WithoutAdminRole_AreRefusedAndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite, http: true);
        await harness.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        var tokens = harness.Get<DevelopmentTokens>();
        var officer = tokens.Create("OF-001", [Caller.OfficerRole], TimeSpan.FromHours(1));
        var nobody = tokens.Create("visitor", [], TimeSpan.FromHours(1));
        var unsigned = ClientPrincipal.For("admin", [Caller.AdminRole]).Encode();

        foreach (var path in AdminGets)
        {
            (await SendAsync(http, HttpMethod.Get, path, null, ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);
            (await SendAsync(http, HttpMethod.Get, path, unsigned, ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{path} with an unsigned principal");
            (await SendAsync(http, HttpMethod.Get, path, officer, ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{path} as an officer");
            var refused = await SendAsync(http, HttpMethod.Get, path, nobody, ct);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{path} without a role");
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        await harness.Get<QueueSender>().SendRawAsync(QueueNames.Poison(QueueNames.Deliveries), "{\"poisoned\":true}", ct);
        var poisonQueue = await harness.Get<StorageClients>().QueueAsync(QueueNames.Poison(QueueNames.Deliveries), ct);
        var id = (await poisonQueue.PeekMessagesAsync(1, ct)).Value.Single().MessageId;
        var replay = new StringContent($"{{\"messageId\":\"{id}\"}}", Encoding.UTF8, "application/json");
        (await SendAsync(http, HttpMethod.Post, $"api/manage/poison/{QueueNames.Deliveries}/replay", officer, ct, replay)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await poisonQueue.PeekMessagesAsync(1, ct)).Value.ShouldHaveSingleItem("an officer's replay moves nothing");
    }

    [Fact]
    public async Task AdminAudit_AsAdmin_FiltersStreamsCsvAndRefusesBadInput()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite, http: true);
        await harness.StartAsync(ct);
        await harness.Get<Audit.AuditLog>().WriteManyAsync(
        [
            new Audit.AuditRecord(Audit.AuditKinds.ImportCompleted, "=cmd|' /C calc'!A0, \"quoted\"\nsecond line 13812345678", SiteId: "S1"),
            new Audit.AuditRecord(Audit.AuditKinds.AlertRaised, "red at S2", SiteId: "S2"),
        ], ct);
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        var admin = harness.Get<DevelopmentTokens>().Create("duty-admin", [Caller.AdminRole], TimeSpan.FromHours(1));

        var page = await SendAsync(http, HttpMethod.Get, "api/manage/audit?site=S2", admin, ct);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await page.Content.ReadAsStringAsync(ct);
        json.ShouldContain("red at S2");
        json.ShouldNotContain("calc");

        var csv = await SendAsync(http, HttpMethod.Get, "api/manage/audit.csv?kind=import.completed", admin, ct);
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var bytes = await csv.Content.ReadAsByteArrayAsync(ct);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "a UTF-8 byte order mark for spreadsheets");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        text.ShouldStartWith("time_utc,kind,site_id");
        text.ShouldContain("\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\nsecond line 138****5678\"");
        text.ShouldNotContain("red at S2");

        foreach (var bad in new[] { "api/manage/audit?from=2026-02-30", "api/manage/audit?pageSize=-1", "api/manage/audit?continuationToken=forged", "api/manage/audit.csv?from=2026-01-01&to=2026-12-31", "api/manage/summary?date=yesterday" })
        {
            var refused = await SendAsync(http, HttpMethod.Get, bad, admin, ct);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", bad);
        }

        var unknownQueue = new StringContent("{\"messageId\":\"x\"}", Encoding.UTF8, "application/json");
        (await SendAsync(http, HttpMethod.Post, "api/manage/poison/nowhere/replay", admin, ct, unknownQueue)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var unknownMessage = new StringContent("{\"messageId\":\"no-such-message\"}", Encoding.UTF8, "application/json");
        (await SendAsync(http, HttpMethod.Post, $"api/manage/poison/{QueueNames.Alerts}/replay", admin, ct, unknownMessage)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AdminPoison_BodyNotBase64OnAQueue_ListenerMovesItListShowsItAuditedAdminDiscardsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite, http: true);
        await harness.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        var admin = harness.Get<DevelopmentTokens>().Create("duty-admin", [Caller.AdminRole], TimeSpan.FromHours(1));
        var configuration = harness.Get<Microsoft.Extensions.Configuration.IConfiguration>();
        await harness.Get<QueueSender>().SendRawAsync(QueueNames.Poison(QueueNames.Deliveries), "{\"poisoned\":true}", ct);

        // Put on the main queue with the encoding off: the listener cannot decode it and moves it to the poison queue itself.
        var original = await PoisonQueueServiceTests.PutUnencodedAsync(configuration, harness.Get<StorageClients>(), QueueNames.Deliveries, "raw text from a script", ct);
        System.Text.Json.JsonElement listed = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await SendAsync(http, HttpMethod.Get, "api/manage/poison", admin, ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
            listed = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("messages");
            if (listed.EnumerateArray().Any(m => m.GetProperty("body").GetString() == "raw text from a script"))
            {
                break;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the unencoded message never showed on the poison list");
            await Task.Delay(500, ct);
        }

        listed.GetArrayLength().ShouldBe(2, "the other poison message is listed too");
        var text = listed.EnumerateArray().Single(m => m.GetProperty("body").GetString() == "raw text from a script");
        text.GetProperty("queue").GetString().ShouldBe(QueueNames.Deliveries);
        var rejected = (await harness.Get<Review.AuditQuery>().QueryAsync(new Review.AuditFilter(Kind: Audit.AuditKinds.MessageRejected), ct)).Records.ShouldHaveSingleItem();
        rejected.Message.ShouldContain("not Base64");
        rejected.CorrelationId.ShouldNotBeNull().ShouldNotBe(original, "the listener's copy on the poison queue has an id of its own");

        // Discard it; the other stays.
        var id = text.GetProperty("messageId").GetString();
        var discard = await SendAsync(http, HttpMethod.Post, $"api/manage/poison/{QueueNames.Deliveries}/discard", admin, ct,
            new StringContent($"{{\"messageId\":\"{id}\"}}", Encoding.UTF8, "application/json"));
        discard.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(http, HttpMethod.Post, $"api/manage/poison/{QueueNames.Deliveries}/discard", admin, ct,
            new StringContent($"{{\"messageId\":\"{id}\"}}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var after = System.Text.Json.JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Get, "api/manage/poison", admin, ct)).Content.ReadAsStringAsync(ct)).RootElement.GetProperty("messages");
        after.EnumerateArray().Select(m => m.GetProperty("body").GetString()).ShouldBe(["{\"poisoned\":true}"]);
        (await harness.Get<Review.AuditQuery>().QueryAsync(new Review.AuditFilter(Kind: Audit.AuditKinds.MessageDiscarded), ct)).Records.ShouldHaveSingleItem().Actor.ShouldBe("admin:duty-admin");
    }

    /// <summary>
    /// Each poison message with why it is there, from the audit record its rejection or last failed attempt wrote (the
    /// poison copy has an id of its own, so the body ties them); a message nothing recorded says so.
    /// </summary>
    [Fact]
    public async Task AdminPoison_RejectedFailedAndUnrecordedMessages_ListedWithTheReasonTheAuditLogGives()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite, http: true);
        await harness.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        var admin = harness.Get<DevelopmentTokens>().Create("duty-admin", [Caller.AdminRole], TimeSpan.FromHours(1));
        var poison = harness.Get<PoisonMessages>();
        const string Rejected = "{\"schemaVersion\":9,\"alertId\":\"A1\",\"phone\":\"13812345678\"}";
        const string Failed = "{\"schemaVersion\":1,\"alertId\":\"A2\"}";
        const string Unrecorded = "{\"schemaVersion\":1,\"alertId\":\"A3\"}";
        await poison.RejectAsync(QueueNames.Deliveries, Rejected, "m-1", "schemaVersion 9 is not supported", ct);

        // The host moves a message that failed its last attempt to the poison queue itself, after the handler recorded it.
        await poison.RecordPoisonedAsync(QueueNames.Alerts, Failed, "m-2", 5, new InvalidOperationException("the alert store timed out"), ct);
        await harness.Get<QueueSender>().SendRawAsync(QueueNames.Poison(QueueNames.Alerts), Failed, ct);
        await harness.Get<QueueSender>().SendRawAsync(QueueNames.Poison(QueueNames.Alerts), Unrecorded, ct);
        // The same body rejected on another queue is not this one's reason.
        await poison.RejectAsync(QueueNames.VisitRequests, Failed, "m-4", "not a visit request", ct);

        var response = await SendAsync(http, HttpMethod.Get, "api/manage/poison", admin, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var messages = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("messages").EnumerateArray()
            .ToDictionary(m => (m.GetProperty("queue").GetString(), m.GetProperty("body").GetString()), m => m.TryGetProperty("reason", out var r) ? r.GetString() : null);
        messages.Count.ShouldBe(4);
        messages[(QueueNames.Deliveries, Rejected)].ShouldBe($"Message on '{QueueNames.Deliveries}' rejected: schemaVersion 9 is not supported");
        messages[(QueueNames.Alerts, Failed)].ShouldBe($"Message on '{QueueNames.Alerts}' failed 5 times and goes to '{QueueNames.Poison(QueueNames.Alerts)}': InvalidOperationException: the alert store timed out");
        messages[(QueueNames.Alerts, Unrecorded)].ShouldBeNull();
        messages[(QueueNames.VisitRequests, Failed)].ShouldBe($"Message on '{QueueNames.VisitRequests}' rejected: not a visit request");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? principal, CancellationToken ct, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (principal is not null)
        {
            request.Headers.Add(ClientPrincipal.HeaderName, principal);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response;
    }
}

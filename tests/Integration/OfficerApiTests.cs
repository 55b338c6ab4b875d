using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HeatRelief.Api;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.SelfHost.Cli;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// One self-host serving the officer API, after a heat check gave every site a visit. Each test uses visits
/// no other test changes; the refusal tests share two and prove that they stay exactly as they were.
/// </summary>
public sealed class OfficerApiFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>OF-A's visit, left assigned: a right caller could accept or decline it.</summary>
    public static readonly string Assigned = OfficerScenario.VisitOf("S-REF1");

    /// <summary>OF-A's visit, accepted at the start: a right caller could decline or complete it.</summary>
    public static readonly string Accepted = OfficerScenario.VisitOf("S-REF2");

    public static readonly ScenarioSite[] Sites =
    [
        new("S-REF1", "Dongcheng", 39.930, 116.420),
        new("S-REF2", "Dongcheng", 39.935, 116.425, 30),
        new("S-FLOW", "Xicheng", 39.915, 116.365, 60),
        new("S-DECL", "Haidian", 39.960, 116.300),
        new("S-ESC", "Chaoyang", 39.920, 116.440),
        new("S-ADMIN", "Fengtai", 39.860, 116.290),
    ];

    // Each site's nearest same-district officer gets its visit; D2 and E2 are the next candidates (over 3 km away,
    // so not near-equals of D1 and E1).
    public static readonly ScenarioOfficer[] Officers =
    [
        new("OF-A", "Dongcheng", 39.931, 116.421),
        new("OF-B", "Xicheng", 39.916, 116.366, Login: "li.na@union.example"),
        new("OF-D1", "Haidian", 39.961, 116.301),
        new("OF-D2", "Haidian", 39.990, 116.330),
        new("OF-E1", "Chaoyang", 39.921, 116.441),
        new("OF-E2", "Chaoyang", 39.950, 116.470),
        new("OF-F", "Fengtai", 39.861, 116.291),
    ];

    public OfficerScenario Scenario { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Scenario = await OfficerScenario.StartAsync(azurite, Sites, Officers, null, TestContext.Current.CancellationToken);
        using var accepted = await Scenario.SendAsync(HttpMethod.Post, $"visits/{Accepted}/accept", Scenario.OfficerToken("OF-A"));
        (await accepted.ShouldBeJsonAsync()).GetProperty("status").GetString().ShouldBe("accepted");
    }

    public async ValueTask DisposeAsync()
    {
        if (Scenario is not null)
        {
            await Scenario.DisposeAsync();
        }
    }
}

/// <summary>The officer API through the self-host's HTTP server: who may do what, which bodies and transitions are refused, and what a decline sets off.</summary>
public sealed class OfficerApiTests(OfficerApiFixture fixture, AzuriteFixture azurite) : IClassFixture<OfficerApiFixture>
{
    private const string OtherKey = "another-development-signing-key-0123456789";

    private readonly OfficerScenario _s = fixture.Scenario;

    public static TheoryData<string, string, int> RefusedCallers()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (caller, status) in new[]
        {
            ("anonymous", 401), ("unsigned", 401), ("other-key", 401), ("expired", 401), ("swapped-signature", 401), ("garbage", 401),
            ("no-heatrelief-role", 403), ("officer-without-record", 403), ("other-officer", 403),
        })
        {
            foreach (var route in new[] { "list", "accept", "decline", "complete" })
            {
                data.Add(caller, route, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedCallers))]
    public async Task Api_WrongCaller_RefusesWithProblemAndChangesNothing(string caller, string route, int status)
    {
        var officerF = _s.OfficerToken("OF-F");
        var token = caller switch
        {
            "anonymous" => null,
            "unsigned" => ClientPrincipal.For("OF-A", [Caller.OfficerRole], OfficerScenario.Now.AddHours(1)).Encode(),
            "other-key" => OfficerScenario.ForeignToken("OF-A", [Caller.OfficerRole], OtherKey, OfficerScenario.Now, TimeSpan.FromHours(1)),
            "expired" => OfficerScenario.ForeignToken("OF-A", [Caller.OfficerRole], TestServices.DevelopmentSigningKey, OfficerScenario.Now.AddHours(-2), TimeSpan.FromHours(1)),
            "swapped-signature" => ClientPrincipal.For("OF-A", [Caller.AdminRole], OfficerScenario.Now.AddHours(1)).Encode() + officerF[officerF.LastIndexOf('.')..],
            "garbage" => "not a token at all.%%%",
            "no-heatrelief-role" => _s.Token("OF-A", "reader"),
            "officer-without-record" => _s.OfficerToken("stranger@union.example"),
            _ => officerF,
        };
        var before = (await _s.SnapshotAsync(OfficerApiFixture.Assigned), await _s.SnapshotAsync(OfficerApiFixture.Accepted));

        using var response = route switch
        {
            "list" => await _s.SendAsync(HttpMethod.Get, "officers/OF-A/visits", token),
            "accept" => await _s.SendAsync(HttpMethod.Post, $"visits/{OfficerApiFixture.Assigned}/accept", token),
            "decline" => await _s.PostJsonAsync($"visits/{OfficerApiFixture.Assigned}/decline", token, """{"reason":"cannot go"}"""),
            _ => await _s.PostJsonAsync($"visits/{OfficerApiFixture.Accepted}/complete", token, """{"workersReached":30,"waterLitres":45,"soupLitres":15,"medicineKits":3}"""),
        };

        (await response.ShouldBeProblemAsync(status)).ShouldNotBeNullOrWhiteSpace();
        (await _s.SnapshotAsync(OfficerApiFixture.Assigned), await _s.SnapshotAsync(OfficerApiFixture.Accepted)).ShouldBe(before);
    }

    [Fact]
    public async Task Api_Officer_ListsOwnVisitsWithoutOtherOfficersRanking()
    {
        using var response = await _s.SendAsync(HttpMethod.Get, "officers/OF-A/visits", _s.OfficerToken("of-a"));

        var body = await response.ShouldBeJsonAsync();
        body.GetProperty("officerId").GetString().ShouldBe("OF-A");
        var visits = body.GetProperty("visits").EnumerateArray().ToList();
        visits.Select(v => (v.GetProperty("id").GetString(), v.GetProperty("status").GetString())).OrderBy(v => v.Item1)
            .ShouldBe([(OfficerApiFixture.Assigned, "assigned"), (OfficerApiFixture.Accepted, "accepted")]);
        var assigned = visits.Single(v => v.GetProperty("id").GetString() == OfficerApiFixture.Assigned);
        assigned.GetProperty("siteId").GetString().ShouldBe("S-REF1");
        assigned.GetProperty("date").GetString().ShouldBe(OfficerScenario.DateKey);
        assigned.GetProperty("level").GetString().ShouldBe("red");
        assigned.GetProperty("outdoorWorkers").GetInt32().ShouldBe(40);
        assigned.GetProperty("plan").GetProperty("waterLitres").GetDouble().ShouldBe(60);
        assigned.GetProperty("plan").GetProperty("medicineKits").GetInt32().ShouldBe(4);
        assigned.GetProperty("acceptBy").GetDateTimeOffset().ShouldBe(OfficerScenario.Now.AddMinutes(60));
        assigned.GetProperty("candidates").ValueKind.ShouldBe(JsonValueKind.Null, "officers do not see whom they were ranked against");
    }

    [Theory]
    [InlineData("assigned", new[] { "S-REF1" })]
    [InlineData("Accepted", new[] { "S-REF2" })]
    [InlineData("completed", new string[0])]
    [InlineData("", new[] { "S-REF1", "S-REF2" })]
    public async Task Api_ListWithStatus_ReturnsOnlyVisitsInThatStatus(string status, string[] sites)
    {
        using var response = await _s.SendAsync(HttpMethod.Get, $"officers/OF-A/visits?status={status}", _s.OfficerToken("OF-A"));

        var body = await response.ShouldBeJsonAsync();
        body.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("siteId").GetString()!).Order().ShouldBe(sites);
    }

    [Theory]
    [InlineData("status=flying")]
    [InlineData("status=1")]
    [InlineData("status=-1")]
    [InlineData("status=assigned,accepted")]
    [InlineData("status=pending,%20assigned")]
    [InlineData("status=assigned&status=accepted")]
    public async Task Api_ListWithBadStatus_Answers400(string query)
    {
        using var response = await _s.SendAsync(HttpMethod.Get, $"officers/OF-A/visits?{query}", _s.OfficerToken("OF-A"));

        (await response.ShouldBeProblemAsync(400)).ShouldContain("status must be one of pending, assigned, accepted, declined, expired, completed, unassigned, escalated");
    }

    [Fact]
    public async Task Api_Admin_ListsAnyOfficerWithTheRanking()
    {
        using var response = await _s.SendAsync(HttpMethod.Get, "officers/OF-A/visits?status=assigned", _s.AdminToken());

        var visit = (await response.ShouldBeJsonAsync()).GetProperty("visits").EnumerateArray().Single();
        var candidates = visit.GetProperty("candidates").EnumerateArray().ToList();
        candidates.Count.ShouldBe(OfficerApiFixture.Officers.Length);
        candidates[0].GetProperty("officerId").GetString().ShouldBe("OF-A");
        candidates[0].GetProperty("sameDistrict").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData("admin", "accept", "visits/S-NOPE_20260715/accept")]
    [InlineData("admin", "decline", "visits/S-NOPE_20260715/decline")]
    [InlineData("admin", "complete", "visits/S-NOPE_20260715/complete")]
    [InlineData("admin", "accept", "visits/not-an-visit/accept")]
    [InlineData("admin", "accept", "visits/S-REF1_20260716/accept")]
    [InlineData("admin", "list", "officers/OF-NOPE/visits")]
    [InlineData("officer", "accept", "visits/S-NOPE_20260715/accept")]
    [InlineData("officer", "complete", "visits/S-NOPE_20260715/complete")]
    public async Task Api_UnknownVisitOrOfficer_Answers404(string caller, string route, string path)
    {
        var token = caller == "admin" ? _s.AdminToken() : _s.OfficerToken("OF-A");

        using var response = route switch
        {
            "list" => await _s.SendAsync(HttpMethod.Get, path, token),
            "accept" => await _s.SendAsync(HttpMethod.Post, path, token),
            "decline" => await _s.PostJsonAsync(path, token, """{"reason":"cannot go"}"""),
            _ => await _s.PostJsonAsync(path, token, """{"workersReached":1,"waterLitres":1,"soupLitres":1,"medicineKits":1}"""),
        };

        await response.ShouldBeProblemAsync(404);
    }

    [Theory]
    [InlineData("decline", "text-plain", 415, "send the body as application/json")]
    [InlineData("decline", "no-content-type", 415, "send the body as application/json")]
    [InlineData("decline", "form", 415, "send the body as application/json")]
    [InlineData("decline", "not-json", 400, "is an invalid start of a value")]
    [InlineData("decline", "empty", 400, "does not contain any JSON tokens")]
    [InlineData("decline", "null", 400, "the body is empty")]
    [InlineData("decline", "array", 400, "could not be converted")]
    [InlineData("decline", "reason-number", 400, "could not be converted to System.String")]
    [InlineData("decline", "reason-null", 400, "reason is required")]
    [InlineData("decline", "reason-blank", 400, "reason is required")]
    [InlineData("decline", "reason-too-long", 400, "reason is required: 1 to 500 characters")]
    [InlineData("decline", "reason-control-character", 400, "no control characters")]
    [InlineData("decline", "unknown-field", 400, "'officerId' could not be mapped")]
    [InlineData("decline", "missing-reason", 400, "missing required properties including: 'reason'")]
    [InlineData("decline", "huge", 400, "larger than 65536 bytes")]
    [InlineData("decline", "huge-chunked", 400, "larger than 65536 bytes")]
    [InlineData("decline", "invalid-utf8", 400, "not valid UTF-8")]
    [InlineData("complete", "text-plain", 415, "send the body as application/json")]
    [InlineData("complete", "not-json", 400, "is an invalid start of a value")]
    [InlineData("complete", "workers-string", 400, "$.workersReached")]
    [InlineData("complete", "workers-fraction", 400, "$.workersReached")]
    [InlineData("complete", "workers-negative", 400, "workersReached must be a whole number from 0")]
    [InlineData("complete", "water-negative", 400, "waterLitres must be a number from 0")]
    [InlineData("complete", "kits-negative", 400, "medicineKits must be a whole number from 0")]
    [InlineData("complete", "water-huge", 400, "waterLitres must be a number from 0")]
    [InlineData("complete", "missing-kits", 400, "missing required properties including: 'medicineKits'")]
    [InlineData("complete", "unknown-field", 400, "'officerId' could not be mapped")]
    [InlineData("complete", "notes-number", 400, "$.notes")]
    [InlineData("complete", "notes-too-long", 400, "notes must be at most 2000 characters")]
    [InlineData("complete", "huge", 400, "larger than 65536 bytes")]
    [InlineData("complete", "invalid-utf8", 400, "not valid UTF-8")]
    public async Task Api_BadBody_RefusesWithProblemAndChangesNothing(string route, string body, int status, string problem)
    {
        // The accepted visit: a good body would decline or complete it.
        var before = await _s.SnapshotAsync(OfficerApiFixture.Accepted);

        using var response = await _s.SendAsync(HttpMethod.Post, $"visits/{OfficerApiFixture.Accepted}/{route}", _s.OfficerToken("OF-A"), BadBody(route, body));

        (await response.ShouldBeProblemAsync(status)).ShouldContain(problem);
        (await _s.SnapshotAsync(OfficerApiFixture.Accepted)).ShouldBe(before);
    }

    [Fact]
    public async Task Api_OfficerSignedInByLogin_CompletesOnlyAfterAcceptingOnce()
    {
        var id = OfficerScenario.VisitOf("S-FLOW");
        var token = _s.OfficerToken("Li.Na@union.example");
        const string report = """{"workersReached":58,"waterLitres":85.5,"soupLitres":30,"medicineKits":6,"notes":"  Two workers sent to the clinic.  "}""";

        var before = await _s.SnapshotAsync(id);
        using (var early = await _s.PostJsonAsync($"visits/{id}/complete", token, report))
        {
            (await early.ShouldBeProblemAsync(409)).ShouldContain("is assigned and cannot be completed");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(before);

        using (var accept = await _s.SendAsync(HttpMethod.Post, $"visits/{id}/accept", token))
        {
            var body = await accept.ShouldBeJsonAsync();
            body.GetProperty("status").GetString().ShouldBe("accepted");
            body.GetProperty("officerId").GetString().ShouldBe("OF-B");
            body.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString().ShouldBe("officer:OF-B");
        }

        var accepted = await _s.SnapshotAsync(id);
        accepted.Status.ShouldBe("accepted");
        (await _s.AuditKindsAsync(id)).ShouldContain(AuditKinds.VisitAccepted);
        _s.LinkFor("OF-B", "accepted", "completeUrl").ShouldStartWith($"{_s.Harness.BaseAddress}api/links/");

        using (var twice = await _s.SendAsync(HttpMethod.Post, $"visits/{id}/accept", token))
        {
            (await twice.ShouldBeProblemAsync(409)).ShouldContain("is accepted and cannot be accepted");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(accepted);

        using (var complete = await _s.PostJsonAsync($"visits/{id}/complete", token, report))
        {
            var body = await complete.ShouldBeJsonAsync();
            body.GetProperty("status").GetString().ShouldBe("completed");
            body.GetProperty("report").GetProperty("workersReached").GetInt32().ShouldBe(58);
        }

        var stored = await _s.VisitAsync(id);
        stored.Value.Status.ShouldBe(VisitStatus.Completed);
        stored.Value.Report.ShouldBe(new VisitReport(58, 85.5, 30, 6, "Two workers sent to the clinic."));
        stored.History.Select(h => (h.From, h.To, h.Actor)).TakeLast(2).ShouldBe([("assigned", "accepted", "officer:OF-B"), ("accepted", "completed", "officer:OF-B")]);
        var completedRecord = (await _s.AuditAsync(id)).Single(r => r.GetString("Kind") == AuditKinds.VisitCompleted);
        completedRecord.GetString("Actor").ShouldBe("officer:OF-B");
        completedRecord.GetString("Message").ShouldContain("58 workers reached, 85.5 L water, 30 L mung-bean soup, 6 medicine kits");

        var completed = await _s.SnapshotAsync(id);
        using (var again = await _s.PostJsonAsync($"visits/{id}/complete", token, report))
        {
            await again.ShouldBeProblemAsync(409);
        }

        using (var decline = await _s.PostJsonAsync($"visits/{id}/decline", token, """{"reason":"too late"}"""))
        {
            await decline.ShouldBeProblemAsync(409);
        }

        (await _s.SnapshotAsync(id)).ShouldBe(completed);
    }

    [Fact]
    public async Task Api_AdminAcceptsOnBehalf_ThenTheOfficerCompletes()
    {
        var id = OfficerScenario.VisitOf("S-ADMIN");

        using (var accept = await _s.SendAsync(HttpMethod.Post, $"visits/{id}/accept", _s.AdminToken()))
        {
            var body = await accept.ShouldBeJsonAsync();
            body.GetProperty("status").GetString().ShouldBe("accepted");
            body.GetProperty("candidates").GetArrayLength().ShouldBeGreaterThan(0);
        }

        (await _s.AuditAsync(id)).Single(r => r.GetString("Kind") == AuditKinds.VisitAccepted).GetString("Actor").ShouldBe($"admin:{OfficerScenario.AdminName}");
        using var complete = await _s.PostJsonAsync($"visits/{id}/complete", _s.OfficerToken("OF-F"), """{"workersReached":40,"waterLitres":60,"soupLitres":20,"medicineKits":4}""");
        (await complete.ShouldBeJsonAsync()).GetProperty("status").GetString().ShouldBe("completed");
    }

    [Fact]
    public async Task Api_Decline_OffersVisitToNextCandidateAndReleasesFirstOfficersLoad()
    {
        var id = OfficerScenario.VisitOf("S-DECL");
        (await _s.LoadOfAsync("OF-D1")).ShouldBe([id]);
        (await _s.LoadOfAsync("OF-D2")).ShouldBeEmpty();

        using (var decline = await _s.PostJsonAsync($"visits/{id}/decline", _s.OfficerToken("OF-D1"), """{"reason":"My child is ill today"}"""))
        {
            var body = await decline.ShouldBeJsonAsync();
            body.GetProperty("status").GetString().ShouldBe("declined");
            body.GetProperty("declineReason").GetString().ShouldBe("My child is ill today");
        }

        var visit = await _s.VisitAsync(id);
        visit.Value.Status.ShouldBe(VisitStatus.Assigned);
        visit.Value.OfficerId.ShouldBe("OF-D2");
        visit.Value.Attempt.ShouldBe(2);
        visit.Value.TriedOfficers.ShouldBe(["OF-D1", "OF-D2"]);
        visit.History.Select(h => (h.From, h.To, h.Actor, h.OfficerId)).TakeLast(2)
            .ShouldBe([("assigned", "declined", "officer:OF-D1", "OF-D1"), ("declined", "assigned", "system", "OF-D2")]);
        (await _s.LoadOfAsync("OF-D1")).ShouldBeEmpty();
        (await _s.LoadOfAsync("OF-D2")).ShouldBe([id]);
        var audit = await _s.AuditAsync(id);
        audit.Single(r => r.GetString("Kind") == AuditKinds.VisitDeclined).GetString("Message").ShouldContain("My child is ill today");
        audit.Single(r => r.GetString("Kind") == AuditKinds.VisitReassigned).GetString("OfficerId").ShouldBe("OF-D2");
        _s.NoticesTo("OF-D2", "offer").Single().GetProperty("visitId").GetString().ShouldBe(id);
        _s.LinkFor("OF-D2", "offer", "acceptUrl").ShouldStartWith($"{_s.Harness.BaseAddress}api/links/");

        // The visit is no longer the first officer's, and no longer in their list.
        using (var list = await _s.SendAsync(HttpMethod.Get, "officers/OF-D1/visits", _s.OfficerToken("OF-D1")))
        {
            (await list.ShouldBeJsonAsync()).GetProperty("visits").GetArrayLength().ShouldBe(0);
        }

        var reassigned = await _s.SnapshotAsync(id);
        using (var late = await _s.SendAsync(HttpMethod.Post, $"visits/{id}/accept", _s.OfficerToken("OF-D1")))
        {
            (await late.ShouldBeProblemAsync(403)).ShouldContain("not yours");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(reassigned);
    }

    [Fact]
    public async Task Api_DeclinedByMaxAttemptsOfficers_EscalatesAndTellsAdmins()
    {
        var id = OfficerScenario.VisitOf("S-ESC");

        using (var first = await _s.PostJsonAsync($"visits/{id}/decline", _s.OfficerToken("OF-E1"), """{"reason":"On leave"}"""))
        {
            await first.ShouldBeJsonAsync();
        }

        (await _s.VisitAsync(id)).Value.OfficerId.ShouldBe("OF-E2");
        using (var second = await _s.PostJsonAsync($"visits/{id}/decline", _s.OfficerToken("OF-E2"), """{"reason":"Already at two sites"}"""))
        {
            await second.ShouldBeJsonAsync();
        }

        var visit = await _s.VisitAsync(id);
        visit.Value.Status.ShouldBe(VisitStatus.Escalated);
        visit.Value.OfficerId.ShouldBeNull();
        visit.Value.TriedOfficers.ShouldBe(["OF-E1", "OF-E2"]);
        visit.Value.AdminsNotifiedAt.ShouldBe(OfficerScenario.Now);
        (await _s.LoadOfAsync("OF-E1")).ShouldBeEmpty();
        (await _s.LoadOfAsync("OF-E2")).ShouldBeEmpty();
        var escalated = (await _s.AuditAsync(id)).Single(r => r.GetString("Kind") == AuditKinds.VisitEscalated);
        escalated.GetString("Message").ShouldContain("2 officers were offered the visit and none accepted (limit 2)");
        var notice = _s.Sink.Calls.Single(c => c.Path == "/admins" && c.IdempotencyKey == $"{id}:admins:escalated:2");
        notice.Body.GetProperty("data").GetProperty("visitId").GetString().ShouldBe(id);
        notice.Body.GetProperty("title").GetString()!.ShouldContain("需人工安排");

        // Nobody can take it by accident now: the admins arrange it by hand.
        var before = await _s.SnapshotAsync(id);
        using (var accept = await _s.SendAsync(HttpMethod.Post, $"visits/{id}/accept", _s.AdminToken()))
        {
            (await accept.ShouldBeProblemAsync(409)).ShouldContain("is escalated");
        }

        (await _s.SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task Api_AcceptAfterDeadline_Answers409AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scenario = await OfficerScenario.StartAsync(azurite, [new("S-LATE", "Tongzhou", 39.900, 116.650)], [new("OF-LATE", "Tongzhou", 39.901, 116.651)], null, ct);
        var id = OfficerScenario.VisitOf("S-LATE");
        (await scenario.VisitAsync(id)).Value.AcceptBy.ShouldBe(OfficerScenario.Now.AddMinutes(60));

        scenario.Clock.Advance(TimeSpan.FromMinutes(60));
        var before = await scenario.SnapshotAsync(id);
        using var response = await scenario.SendAsync(HttpMethod.Post, $"visits/{id}/accept", scenario.OfficerToken("OF-LATE"));

        (await response.ShouldBeProblemAsync(409)).ShouldContain("the time to accept ran out at 2026-07-15 11:00 (UTC+8)");
        (await scenario.SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task Api_TokenFromTheCommandLine_SignsTheOfficerIn()
    {
        var output = new StringWriter();
        TokenCommand.Run(CommandLine.Parse(["token", "--officer", "OF-A"]), _s.Harness.Get<IConfiguration>(), output, _s.Clock).ShouldBe(0);

        using var response = await _s.SendAsync(HttpMethod.Get, "officers/OF-A/visits", output.ToString().Trim());

        (await response.ShouldBeJsonAsync()).GetProperty("visits").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Api_DevelopmentSignInOff_RefusesEveryToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?> { ["Auth:DevelopmentSignIn"] = "false" }, http: true);
        await harness.StartAsync(ct);
        using var client = new HttpClient { BaseAddress = harness.BaseAddress };
        var token = OfficerScenario.ForeignToken("OF-A", [Caller.AdminRole], TestServices.DevelopmentSigningKey, OfficerScenario.Now, TimeSpan.FromHours(1));

        foreach (var header in new[] { token, ClientPrincipal.For("OF-A", [Caller.AdminRole]).Encode() })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/officers/OF-A/visits");
            request.Headers.Add(ClientPrincipal.HeaderName, header);
            using var response = await client.SendAsync(request, ct);
            (await response.ShouldBeProblemAsync(401)).ShouldContain("development sign-in is off");
        }
    }

    private static HttpContent BadBody(string route, string name)
    {
        var valid = route == "decline"
            ? """{"reason":"cannot go"}"""
            : """{"workersReached":30,"waterLitres":45,"soupLitres":15,"medicineKits":3}""";
        var huge = route == "decline"
            ? $$"""{"reason":"{{new string('x', 70 * 1024)}}"}"""
            : $$"""{"workersReached":30,"waterLitres":45,"soupLitres":15,"medicineKits":3,"notes":"{{new string('x', 70 * 1024)}}"}""";
        return name switch
        {
            "text-plain" => new StringContent(valid, Encoding.UTF8, "text/plain"),
            "no-content-type" => new ByteArrayContent(Encoding.UTF8.GetBytes(valid)),
            "form" => new FormUrlEncodedContent([KeyValuePair.Create("reason", "cannot go")]),
            "not-json" => OfficerScenario.Json("reason=cannot go"),
            "empty" => OfficerScenario.Json(string.Empty),
            "null" => OfficerScenario.Json("null"),
            "array" => OfficerScenario.Json($"[{valid}]"),
            "reason-number" => OfficerScenario.Json("""{"reason":5}"""),
            "reason-null" => OfficerScenario.Json("""{"reason":null}"""),
            "reason-blank" => OfficerScenario.Json("""{"reason":"   "}"""),
            "reason-too-long" => OfficerScenario.Json($$"""{"reason":"{{new string('x', VisitActions.MaxReasonLength + 1)}}"}"""),
            "reason-control-character" => OfficerScenario.Json("""{"reason":"cannot\u0007go"}"""),
            "missing-reason" => OfficerScenario.Json("{}"),
            "huge" => OfficerScenario.Json(huge),
            "huge-chunked" => Chunked(huge),
            "invalid-utf8" => Bytes([.. Encoding.UTF8.GetBytes(route == "decline" ? """{"reason":"bad """ : """{"workersReached":30,"waterLitres":45,"soupLitres":15,"medicineKits":3,"notes":"bad """), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()]),
            "workers-string" => OfficerScenario.Json("""{"workersReached":"30","waterLitres":45,"soupLitres":15,"medicineKits":3}"""),
            "workers-fraction" => OfficerScenario.Json("""{"workersReached":30.5,"waterLitres":45,"soupLitres":15,"medicineKits":3}"""),
            "workers-negative" => OfficerScenario.Json("""{"workersReached":-1,"waterLitres":45,"soupLitres":15,"medicineKits":3}"""),
            "water-negative" => OfficerScenario.Json("""{"workersReached":30,"waterLitres":-0.5,"soupLitres":15,"medicineKits":3}"""),
            "kits-negative" => OfficerScenario.Json("""{"workersReached":30,"waterLitres":45,"soupLitres":15,"medicineKits":-3}"""),
            "water-huge" => OfficerScenario.Json("""{"workersReached":30,"waterLitres":1e400,"soupLitres":15,"medicineKits":3}"""),
            "missing-kits" => OfficerScenario.Json("""{"workersReached":30,"waterLitres":45,"soupLitres":15}"""),
            "notes-number" => OfficerScenario.Json("""{"workersReached":30,"waterLitres":45,"soupLitres":15,"medicineKits":3,"notes":7}"""),
            "notes-too-long" => OfficerScenario.Json($$"""{"workersReached":30,"waterLitres":45,"soupLitres":15,"medicineKits":3,"notes":"{{new string('x', VisitActions.MaxNotesLength + 1)}}"}"""),
            "unknown-field" => OfficerScenario.Json(valid.Insert(1, "\"officerId\":\"OF-F\",")),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such bad body"),
        };
    }

    private static ByteArrayContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>A body sent without Content-Length, so the size limit must hold while reading.</summary>
    private static StreamContent Chunked(string json)
    {
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

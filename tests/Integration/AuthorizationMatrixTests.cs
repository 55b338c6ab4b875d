using System.Text;
using HeatRelief.Api;
using HeatRelief.Visits;
using HeatRelief.Heat;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Every route in <see cref="ApiRoutes.All"/> against every kind of caller, over HTTP from the self-host, with
/// requests that are otherwise valid, so the status says only what the caller may do. The expected table is
/// written out below: a route added to <see cref="ApiRoutes"/> without a row fails this test.
/// </summary>
public sealed class AuthorizationMatrixTests(AzuriteFixture azurite)
{
    /// <summary>Who is calling. The tampered and expired tokens are an admin's, the worst case to get wrong.</summary>
    public enum Who
    {
        Anonymous,
        OwnOfficer,
        OtherOfficer,
        Admin,
        TamperedSignature,
        TamperedPayload,
        Expired,
        Unsigned,
    }

    /// <summary>The status each caller gets; <see cref="Who.OwnOfficer"/> acts on a visit that is theirs.</summary>
    private sealed record Row(int Anonymous, int OwnOfficer, int OtherOfficer, int Admin, int TamperedSignature, int TamperedPayload, int Expired, int Unsigned)
    {
        public static Row All(int status) => new(status, status, status, status, status, status, status, status);

        public int For(Who who) => who switch
        {
            Who.Anonymous => Anonymous,
            Who.OwnOfficer => OwnOfficer,
            Who.OtherOfficer => OtherOfficer,
            Who.Admin => Admin,
            Who.TamperedSignature => TamperedSignature,
            Who.TamperedPayload => TamperedPayload,
            Who.Expired => Expired,
            _ => Unsigned,
        };
    }

    private static readonly Row OfficersOwnAndAdmins = new(Anonymous: 401, OwnOfficer: 200, OtherOfficer: 403, Admin: 200, TamperedSignature: 401, TamperedPayload: 401, Expired: 401, Unsigned: 401);
    private static readonly Row AdminsOnly = new(Anonymous: 401, OwnOfficer: 403, OtherOfficer: 403, Admin: 200, TamperedSignature: 401, TamperedPayload: 401, Expired: 401, Unsigned: 401);

    /// <summary>The authorization of every route. A new route needs a row here before this test passes.</summary>
    private static readonly IReadOnlyDictionary<string, Row> Expected = new Dictionary<string, Row>
    {
        ["ListOfficerVisits"] = OfficersOwnAndAdmins,
        ["AcceptVisit"] = OfficersOwnAndAdmins,
        ["DeclineVisit"] = OfficersOwnAndAdmins,
        ["CompleteVisit"] = OfficersOwnAndAdmins,

        // Anonymous by design: the signed one-tap link in the path is the credential (an officer on a phone
        // has no sign-in), and a sign-in header, good or bad, is ignored.
        ["ShowActionLink"] = Row.All(200),
        ["UseActionLink"] = Row.All(200),

        ["AdminMe"] = AdminsOnly,
        ["AdminAudit"] = AdminsOnly,
        ["AdminAuditCsv"] = AdminsOnly,
        ["AdminSummary"] = AdminsOnly,
        ["AdminSites"] = AdminsOnly,
        ["AdminPoison"] = AdminsOnly,
        ["AdminReplayPoison"] = AdminsOnly,
        ["AdminDiscardPoison"] = AdminsOnly,

        // Anonymous by design in the self-host: a static page; every call it makes for data needs the admin
        // role. (In Azure, App Service Authentication puts it behind the Entra ID sign-in as well.)
        ["Dashboard"] = Row.All(200),

        // Anonymous by design: HeatRelief's alerts as CAP, for other systems to read without a sign-in. They carry
        // sites and levels, never a recipient; a sign-in header, good or bad, is ignored.
        ["CapFeed"] = Row.All(200),
        ["CapAlert"] = Row.All(200),

        // Anonymous by design: a site manager's signed acknowledgement link is the credential, as for officers'
        // one-tap links; a sign-in header, good or bad, is ignored.
        ["ShowAckForm"] = Row.All(200),
        ["AnswerAck"] = Row.All(200),
        ["AdminAcks"] = AdminsOnly,

        // The officer's own page: any officer gets their own visits (OF-2's page lists none of OF-1's); an admin
        // without the officer role is refused. A page, so its refusals are pages too (text/html, in both languages).
        ["OfficerPage"] = new(Anonymous: 401, OwnOfficer: 200, OtherOfficer: 200, Admin: 403, TamperedSignature: 401, TamperedPayload: 401, Expired: 401, Unsigned: 401),

        ["AdminHeatCheck"] = AdminsOnly,
        ["AdminStatus"] = AdminsOnly,
        ["AdminRecipientDeliveries"] = AdminsOnly,
        ["AdminAlertDeliveries"] = AdminsOnly,

        ["AdminDirectory"] = AdminsOnly,
        ["AdminImportDirectory"] = AdminsOnly,
        ["AdminSaveDirectory"] = AdminsOnly,
        ["AdminChangeDirectory"] = AdminsOnly,
    };

    /// <summary>Routes that are pages for people: their refusals are HTML pages, not problem documents.</summary>
    private static readonly IReadOnlySet<string> Pages = new HashSet<string> { "OfficerPage" };

    [Fact]
    public void AuthorizationMatrix_Table_HasOneRowPerRoute()
    {
        Expected.Keys.ShouldBe(ApiRoutes.All.Select(r => r.Name), ignoreOrder: true, "every route in ApiRoutes.All needs its row in the expected table, and every row a route");
    }

    [Fact]
    public async Task AuthorizationMatrix_EveryRouteAndCaller_GetsTheExpectedStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            [FunctionNames.HeatCheckScheduleSetting] = "0 0 0 1 1 *",
            [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
        }, http: true);
        await harness.StartAsync(ct);
        var world = await World.ArrangeAsync(harness, ct);
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        var clients = harness.Get<StorageClients>();
        var mismatches = new List<string>();
        var cells = ApiRoutes.All.SelectMany(r => Enum.GetValues<Who>().Select(w => (Route: r, Who: w, Status: Expected[r.Name].For(w)))).ToList();

        // First every cell that must change nothing: all reads and every refusal, against shared visits.
        await world.ArrangeSharedAsync(ct);
        var before = await StorageSnapshot.TakeAsync(clients, ct);
        foreach (var (route, who, expected) in cells.Where(c => c.Route.Method == "GET" || c.Status >= 400))
        {
            var (status, mediaType) = await SendAsync(http, await world.RequestAsync(route, who, shared: true, ct), ct);
            Check(route, who, expected, status, mediaType, mismatches);
        }

        (await StorageSnapshot.TakeAsync(clients, ct)).ChangesSince(before).ShouldBeEmpty("reads and refusals change nothing");

        // Then every allowed change, each on a visit, link or poison message of its own.
        foreach (var (route, who, expected) in cells.Where(c => c.Route.Method != "GET" && c.Status < 400))
        {
            var (status, mediaType) = await SendAsync(http, await world.RequestAsync(route, who, shared: false, ct), ct);
            Check(route, who, expected, status, mediaType, mismatches);
        }

        mismatches.ShouldBeEmpty($"{mismatches.Count} of {cells.Count} cells differ from the table:\n{string.Join("\n", mismatches)}");
    }

    /// <summary>
    /// Two officer records answering to one sign-in name (stored before imports refused that): the caller is
    /// neither, not the first one found, so neither officer's visits are shown on a guess.
    /// </summary>
    [Fact]
    public async Task AuthorizationMatrix_SignInNameOfTwoOfficers_Answers403()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            [FunctionNames.HeatCheckScheduleSetting] = "0 0 0 1 1 *",
            [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
        }, http: true);
        await harness.StartAsync(ct);
        await harness.Get<Sites.SiteDirectory>().UpsertOfficersAsync(
        [
            VisitScenario.Officer("OF-1", "Chaoyang", 39.93, 116.44, 5) with { Login = "zhang@union.example" },
            VisitScenario.Officer("OF-2", "Haidian", 39.98, 116.30, 5) with { Login = "Zhang@Union.example" },
            VisitScenario.Officer("OF-3", "Haidian", 39.98, 116.30, 5) with { Login = "li@union.example" },
            VisitScenario.Officer("OF-4", "Haidian", 39.98, 116.30, 5) with { Login = "LI@union.example", Active = false, Removed = true },
        ], ct);
        var tokens = harness.Get<DevelopmentTokens>();
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };

        async Task<int> ListAsync(string officerId, string signIn)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiRoutes.Prefix}/officers/{officerId}/visits");
            request.Headers.Add(ClientPrincipal.HeaderName, tokens.Create(signIn, [Caller.OfficerRole], TimeSpan.FromHours(1)));
            using var response = await http.SendAsync(request, ct);
            return (int)response.StatusCode;
        }

        (await ListAsync("OF-1", "zhang@union.example")).ShouldBe(403, "OF-1 and OF-2 both answer to it");
        (await ListAsync("OF-2", "ZHANG@UNION.EXAMPLE")).ShouldBe(403);
        (await ListAsync("OF-3", "li@union.example")).ShouldBe(200, "the other holder of the name was removed");
    }

    private static void Check(ApiRoute route, Who who, int expected, int status, string? mediaType, List<string> mismatches)
    {
        if (status != expected)
        {
            mismatches.Add($"{route.Name} as {who}: {status}, expected {expected}");
        }
        else if (status >= 400 && mediaType != (Pages.Contains(route.Name) ? "text/html" : "application/problem+json"))
        {
            mismatches.Add($"{route.Name} as {who}: {status} as {mediaType}, not {(Pages.Contains(route.Name) ? "text/html" : "application/problem+json")}");
        }
    }

    private static async Task<(int Status, string? MediaType)> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, ct);
            await response.Content.LoadIntoBufferAsync(ct);
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>Officers OF-1 (own) and OF-2 (other), visits of OF-1 made on demand, and the caller's tokens.</summary>
    private sealed class World(SelfHostHarness harness, IReadOnlyDictionary<Who, string?> principals)
    {
        private readonly Dictionary<string, string> _shared = [];
        private int _sites;

        public static async Task<World> ArrangeAsync(SelfHostHarness harness, CancellationToken ct)
        {
            await harness.Get<Sites.SiteDirectory>().UpsertOfficersAsync(
                [VisitScenario.Officer("OF-1", "Chaoyang", 39.93, 116.44, 50), VisitScenario.Officer("OF-2", "Haidian", 39.98, 116.30, 50)], ct);
            var tokens = harness.Get<DevelopmentTokens>();
            var admin = tokens.Create("duty-admin", [Caller.AdminRole], TimeSpan.FromHours(1));
            var officer = tokens.Create("OF-1", [Caller.OfficerRole], TimeSpan.FromHours(1));
            return new World(harness, new Dictionary<Who, string?>
            {
                [Who.Anonymous] = null,
                [Who.OwnOfficer] = officer,
                [Who.OtherOfficer] = tokens.Create("OF-2", [Caller.OfficerRole], TimeSpan.FromHours(1)),
                [Who.Admin] = admin,
                [Who.TamperedSignature] = TamperSignature(admin),
                [Who.TamperedPayload] = PromoteToAdmin(officer),
                [Who.Expired] = tokens.Create("duty-admin", [Caller.AdminRole], TimeSpan.FromSeconds(-1)),
                [Who.Unsigned] = ClientPrincipal.For("duty-admin", [Caller.AdminRole]).Encode(),
            });
        }

        /// <summary>Makes the visits, the site and the poison message that every refused request aims at, before anything is compared.</summary>
        public async Task ArrangeSharedAsync(CancellationToken ct)
        {
            await VisitAsync(VisitStatus.Assigned, shared: true, ct);
            await VisitAsync(VisitStatus.Accepted, shared: true, ct);
            await PoisonAsync(shared: true, ct);
            await AckLinkAsync(shared: true, ct);
            await SiteAsync(shared: true, ct);
            await AlertAsync(ct);
        }

        /// <summary>A valid request to the route as the caller; with <paramref name="shared"/> the same targets every time.</summary>
        public async Task<HttpRequestMessage> RequestAsync(ApiRoute route, Who who, bool shared, CancellationToken ct)
        {
            (string Path, string? Body) target = route.Name switch
            {
                "ListOfficerVisits" => ("officers/OF-1/visits", null),
                "AcceptVisit" => ($"visits/{await VisitAsync(VisitStatus.Assigned, shared, ct)}/accept", null),
                "DeclineVisit" => ($"visits/{await VisitAsync(VisitStatus.Assigned, shared, ct)}/decline", "{\"reason\":\"I am at another site\"}"),
                "CompleteVisit" => ($"visits/{await VisitAsync(VisitStatus.Accepted, shared, ct)}/complete", "{\"workersReached\":10,\"waterLitres\":15,\"soupLitres\":5,\"medicineKits\":1}"),
                "ShowActionLink" or "UseActionLink" => ($"links/{await LinkAsync(shared, ct)}", null),
                "CapAlert" => ($"cap/alerts/{await AlertAsync(ct)}.xml", null),
                "ShowAckForm" or "AnswerAck" => ($"acks/{await AckLinkAsync(shared, ct)}", null),
                "AdminReplayPoison" => ($"manage/poison/{QueueNames.Deliveries}/replay", $"{{\"messageId\":\"{await PoisonAsync(shared, ct)}\"}}"),
                "AdminHeatCheck" => ("manage/heat-check", "{\"reason\":\"a site was added\"}"),
                "AdminAlertDeliveries" => ($"manage/alerts/{await AlertAsync(ct)}/deliveries", null),
                "AdminRecipientDeliveries" => ("manage/deliveries?recipient=R1", null),
                "AdminDiscardPoison" => ($"manage/poison/{QueueNames.Deliveries}/discard", $"{{\"messageId\":\"{await PoisonAsync(shared, ct)}\"}}"),
                "AdminDirectory" => ("manage/directory/officer/records", null),
                "AdminImportDirectory" => ("manage/directory/site/import?file=sites.csv", $"{CsvFiles.SitesHeader}\nIMP{Interlocked.Increment(ref _sites):D3},Imported,Chaoyang,39.92,116.44,construction,10\n"),
                "AdminSaveDirectory" => ("manage/directory/site/save",
                    $"{{\"fields\":{{\"id\":\"FORM{Interlocked.Increment(ref _sites):D3}\",\"name\":\"Form\",\"district\":\"Chaoyang\",\"latitude\":\"39.92\",\"longitude\":\"116.44\",\"kind\":\"construction\",\"outdoor_workers\":\"10\"}}}}"),
                "AdminChangeDirectory" => ("manage/directory/site/state", $"{{\"id\":\"{await SiteAsync(shared, ct)}\",\"action\":\"deactivate\"}}"),
                _ when route.Template.Contains('{', StringComparison.Ordinal) => throw new InvalidOperationException($"{route.Name}: say how to fill {route.Template}"),
                _ => (route.Template, null),
            };
            var request = new HttpRequestMessage(new HttpMethod(route.Method), $"{ApiRoutes.Prefix}/{target.Path}");
            if (principals[who] is { } principal)
            {
                request.Headers.Add(ClientPrincipal.HeaderName, principal);
            }

            if (target.Body is not null)
            {
                request.Content = new StringContent(target.Body, Encoding.UTF8, route.Name == "AdminImportDirectory" ? "text/csv" : "application/json");
            }
            else if (route.Name == "AnswerAck")
            {
                request.Content = new FormUrlEncodedContent([new("measure", "outdoor-work-stopped"), new("outdoorWorkersNow", "0")]);
            }

            return request;
        }

        private async Task<string> VisitAsync(VisitStatus status, bool shared, CancellationToken ct) =>
            await SharedAsync($"visit-{status}", shared, async () =>
            {
                var site = VisitScenario.Site($"S{Interlocked.Increment(ref _sites):D3}", "Chaoyang", 39.92, 116.44, 10);
                await harness.Get<Sites.SiteDirectory>().UpsertSitesAsync([site], ct);
                var now = harness.Clock.GetUtcNow();
                var visit = new Visit(Visit.IdFor(site.Id, VisitScenario.Day), site.Id, VisitScenario.Day, VisitScenario.AlertFor(site.Id, HeatLevel.Red).Id, HeatLevel.Red, 10,
                    status, "OF-1", 1, ["OF-1"], now.AddHours(1), now, null, new SupplyPlan(15, 5, 1), null, null, now);
                (await harness.Get<VisitStore>().InsertIfAbsentAsync(visit, new VisitTransition(now, "-", status.ToWire(), "test", "OF-1", null), ct)).ShouldBeTrue();
                return visit.Id;
            });

        private async Task<string> LinkAsync(bool shared, CancellationToken ct)
        {
            var visit = await VisitAsync(VisitStatus.Assigned, shared, ct);
            return harness.Get<ActionLinks>().Create(visit, "OF-1", LinkAction.Accept, harness.Clock.GetUtcNow().AddHours(1));
        }

        /// <summary>A manager's link to an open acknowledgement case (a new case each time unless shared).</summary>
        private async Task<string> AckLinkAsync(bool shared, CancellationToken ct) =>
            await SharedAsync("ack", shared, async () =>
            {
                var site = VisitScenario.Site($"S{Interlocked.Increment(ref _sites):D3}", "Chaoyang", 39.92, 116.44, 10);
                await harness.Get<Sites.SiteDirectory>().UpsertSitesAsync([site], ct);
                var alert = VisitScenario.AlertFor(site.Id, HeatLevel.Red);
                (await harness.Get<Acks.AckStore>().InsertIfAbsentAsync(Acks.AckCase.Open(alert), ct)).ShouldBeTrue();
                return harness.Get<Acks.AckLinks>().Create(site.Id, alert.Date, "M-1", Acks.AckAddendum.EndOfDay(alert));
            });

        /// <summary>A stored alert (read-only routes only, so always the shared one).</summary>
        private async Task<string> AlertAsync(CancellationToken ct) =>
            await SharedAsync("alert", shared: true, async () =>
            {
                var site = VisitScenario.Site("CAP1", "Chaoyang", 39.92, 116.44, 10);
                await harness.Get<Sites.SiteDirectory>().UpsertSitesAsync([site], ct);
                var alert = VisitScenario.AlertFor(site.Id, HeatLevel.Red);
                await harness.Get<Alerts.AlertStore>().InsertIfAbsentAsync(alert.DateKey, [alert], ct);
                return alert.Id;
            });

        /// <summary>An active site of its own for a lifecycle change (a shared one for the refusals).</summary>
        private async Task<string> SiteAsync(bool shared, CancellationToken ct) =>
            await SharedAsync("site", shared, async () =>
            {
                var site = VisitScenario.Site($"LIFE{Interlocked.Increment(ref _sites):D3}", "Chaoyang", 39.92, 116.44, 10);
                await harness.Get<Sites.SiteDirectory>().UpsertSitesAsync([site], ct);
                return site.Id;
            });

        private async Task<string> PoisonAsync(bool shared, CancellationToken ct) =>
            await SharedAsync("poison", shared, async () =>
            {
                var queue = await harness.Get<StorageClients>().QueueAsync(QueueNames.Poison(QueueNames.Deliveries), ct);
                return (await queue.SendMessageAsync("{\"poisoned\":true}", ct)).Value.MessageId;
            });

        private async Task<string> SharedAsync(string key, bool shared, Func<Task<string>> make)
        {
            if (!shared)
            {
                return await make();
            }

            if (!_shared.TryGetValue(key, out var value))
            {
                _shared[key] = value = await make();
            }

            return value;
        }

        /// <summary>One character of the signature changed.</summary>
        private static string TamperSignature(string token) => token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        /// <summary>The payload rewritten to carry the admin role, the signature kept: what an officer trying to escalate would send.</summary>
        private static string PromoteToAdmin(string token)
        {
            var dot = token.LastIndexOf('.');
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(token[..dot]));
            var promoted = json.Replace($"\"{Caller.OfficerRole}\"", $"\"{Caller.AdminRole}\"", StringComparison.Ordinal);
            promoted.ShouldContain($"\"val\":\"{Caller.AdminRole}\"");
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(promoted)) + token[dot..];
        }
    }
}

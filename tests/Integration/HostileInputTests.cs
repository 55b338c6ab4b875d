using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HeatRelief.Alerts;
using HeatRelief.Api;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Heat;
using HeatRelief.Messaging;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using HeatRelief.Triggers;
using HeatRelief.Sites;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Every HTTP route and every queue handler fed hostile input from a fixed seed: wrong types, a megabyte,
/// 10,000 levels of JSON, bytes that are not UTF-8, characters tables refuse in keys, OData injection, path
/// traversal, null bytes. Nothing answers 500, the host keeps answering, nothing is written but the records
/// of a rejection, and every refusal says what was wrong in the route's own format.
/// </summary>
public sealed class HostileInputTests(AzuriteFixture azurite)
{
    private const int Seed = 20260715;
    private const int CasesPerRoute = 250;
    private const int BodiesPerQueue = 150;

    private const string OwnVisit = "S1_20260715";
    private const string OtherVisit = "S2_20260715";

    // The timers stay quiet: a heat check firing mid-run would change data the test says must not change.
    private static readonly Dictionary<string, string?> QuietTimers = new()
    {
        [FunctionNames.HeatCheckScheduleSetting] = "0 0 0 1 1 *",
        [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
    };

    [Fact]
    public async Task HttpRoutes_HostileInput_RefusedClearlyWithNo500AndNoDataChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturedLogs();
        await using var harness = SelfHostHarness.Create(azurite, QuietTimers, http: true, logging: l => l.AddFilter((_, level) => level >= LogLevel.Error).AddProvider(logs));
        await harness.StartAsync(ct);
        var world = await World.ArrangeAsync(harness, ct);
        using var http = Client(harness);
        var clients = harness.Get<StorageClients>();
        var before = await StorageSnapshot.TakeAsync(clients, ct);
        var values = new HostileValues(Seed);
        var failures = new List<string>();
        var handled = new Dictionary<string, int>();
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);

        foreach (var route in ApiRoutes.All)
        {
            handled[route.Name] = 0;
            for (var i = 0; i < CasesPerRoute; i++)
            {
                var request = HttpCase.For(route, values, world);
                int status;
                string? mediaType;
                string body;
                try
                {
                    (status, mediaType, body) = await SendAsync(http, request, ct);
                }
                catch (HttpRequestException ex) when (!request.ServerMayRefuse || ex.InnerException is not IOException)
                {
                    failures.Add($"{route.Name} #{i}: no answer ({ex.Message} {ex.InnerException?.Message}); sent {request}");
                    continue;
                }
                catch (HttpRequestException)
                {
                    // Kestrel may close the connection on a megabyte of request line or header while it is still being sent.
                    continue;
                }

                if (Problem(route, request, status, mediaType, body) is { } problem)
                {
                    failures.Add($"{route.Name} #{i}: {problem}; sent {request}");
                }

                if (mediaType is not null)
                {
                    handled[route.Name]++;
                }

                statuses[$"{route.Name} {status}"] = statuses.GetValueOrDefault($"{route.Name} {status}") + 1;
            }
        }

        failures.ShouldBeEmpty($"{failures.Count} of {ApiRoutes.All.Count * CasesPerRoute} cases failed:\n{string.Join("\n", failures.Take(300))}\n"
            + $"answers by route: {string.Join(", ", statuses.Select(kv => $"{kv.Key}: {kv.Value}"))}");
        foreach (var (route, count) in handled)
        {
            count.ShouldBeGreaterThan(CasesPerRoute * 3 / 4, $"{route}: most cases must reach the handler, not stop at the server");
        }

        (await StorageSnapshot.TakeAsync(clients, ct)).ChangesSince(before).ShouldBeEmpty("hostile requests change nothing");
        logs.Records.Select(r => $"{r.Category}: {r.Message}").ShouldBeEmpty("no request ends in an unhandled exception or another error");

        // The host still answers, and answers right.
        var me = await SendAsync(http, new HttpCase(HttpMethod.Get, "api/manage/me", world.Admin, null, null, null, "after"), ct);
        me.Status.ShouldBe(200);
        var own = await SendAsync(http, new HttpCase(HttpMethod.Get, "api/officers/OF-1/visits", world.OfficerOne, null, null, null, "after"), ct);
        own.Status.ShouldBe(200);
        own.Body.ShouldContain(OwnVisit);
        (await SendAsync(http, new HttpCase(HttpMethod.Get, $"api/links/{world.AcceptLink}", null, null, null, null, "after"), ct)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task QueueHandlers_HostileBodies_RejectedToPoisonQueueWithNothingElseWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite);
        await VisitScenario.ArrangeAsync(services.Provider,
            [(VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 45), HeatLevel.Red), (VisitScenario.Site("S2", "Chaoyang", 39.93, 116.45, 20), HeatLevel.Orange)],
            [VisitScenario.Officer("OF-1", "Chaoyang", 39.93, 116.44, 3)], ct);
        var alert = $"\"{VisitScenario.AlertFor("S1", HeatLevel.Red).Id}\"";
        var values = new HostileValues(Seed);

        // The valid values never make a message that does work: an alert that does not exist, or an existing alert with the wrong site.
        var handlers = new (string Queue, Func<string, long, string, CancellationToken, Task> Handle, (string, string)[] Fields)[]
        {
            (QueueNames.Alerts, services.Get<FanOutService>().HandleAsync, [("schemaVersion", "1"), ("alertId", "\"S9_20260715_red\""), ("date", "\"2026-07-15\"")]),
            (QueueNames.Deliveries, services.Get<DeliveryService>().HandleAsync, [("schemaVersion", "1"), ("alertId", alert), ("date", "\"2026-07-15\""), ("siteId", "\"S2\""), ("recipientIds", "[\"R1\"]"), ("deferred", "false")]),
            (QueueNames.VisitRequests, services.Get<VisitService>().HandleAsync, [("schemaVersion", "1"), ("alertId", alert), ("date", "\"2026-07-15\""), ("siteId", "\"S2\"")]),
        };
        var clients = services.Get<StorageClients>();
        var before = await StorageSnapshot.TakeAsync(clients, ct);
        var failures = new List<string>();

        foreach (var (queue, handle, fields) in handlers)
        {
            for (var i = 0; i < BodiesPerQueue; i++)
            {
                var body = QueueBody(values, fields);
                try
                {
                    await handle(body, 1, $"fuzz-{queue}-{i}", ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures.Add($"{queue} #{i}: {ex.GetType().Name}: {ex.Message} for body {Clip(body)}");
                }
            }
        }

        failures.ShouldBeEmpty($"{failures.Count} handler calls threw:\n{string.Join("\n", failures.Take(30))}");
        var after = await StorageSnapshot.TakeAsync(clients, ct);
        after.ChangesSince(before)
            .Where(c => !(c.StartsWith("+ AuditLog ", StringComparison.Ordinal) && c.EndsWith(" " + AuditKinds.MessageRejected, StringComparison.Ordinal)))
            .Where(c => !c.StartsWith("queue ", StringComparison.Ordinal) || !c.Contains("-poison:", StringComparison.Ordinal))
            .ShouldBeEmpty("only rejection records and poison messages are written");
        after.AuditAddedSince(before, AuditKinds.MessageRejected).ShouldBe(handlers.Length * BodiesPerQueue, "every body is rejected once, and recorded");
        foreach (var (queue, _, _) in handlers)
        {
            after.MessagesOn(QueueNames.Poison(queue)).ShouldBe(BodiesPerQueue, $"every rejected body is kept on {QueueNames.Poison(queue)}");
        }

        // And a good message after all that still does its work.
        await services.Get<FanOutService>().HandleAsync(MessageJson.Serialize(new AlertMessage(AlertMessage.CurrentVersion, VisitScenario.AlertFor("S1", HeatLevel.Red).Id, "2026-07-15")), 1, "good", ct);
        (await services.Get<AlertStore>().GetAsync("2026-07-15", VisitScenario.AlertFor("S1", HeatLevel.Red).Id, ct)).ShouldNotBeNull().Progress.FanOutCompleted.ShouldBeTrue();
    }

    [Fact]
    public void PrincipalReaders_HostileHeaders_NeverThrowAndSignInOnlyWithAValidSignature()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero));
        var key = TestServices.DevelopmentSigningKey;
        var tokens = new DevelopmentTokens(Options.Create(new AuthOptions { DevelopmentSignIn = true, DevelopmentSigningKey = key }), clock);
        var appService = new AppServicePrincipalReader();
        var values = new HostileValues(Seed);
        string[] payloads =
        [
            "{\"claims\":[null]}", "{\"claims\":[{\"typ\":null,\"val\":null}]}", "{\"claims\":null}", "{\"claims\":{}}", "{\"claims\":\"x\"}",
            "{\"claims\":[{\"typ\":\"name\",\"val\":\"\\ud800\"}]}", "{\"name_typ\":\"\\udfff\",\"claims\":[]}", HostileValues.DeepJson, "null", "[]", "42",
            "{\"claims\":[{\"typ\":\"name\",\"val\":\"a\"},{\"typ\":\"exp\",\"val\":\"99999999999999999\"}]}",
            "{\"claims\":[{\"typ\":\"name\",\"val\":\"a\"},{\"typ\":\"roles\",\"val\":\"admin\"},{\"typ\":\"exp\",\"val\":\"-1\"}]}",
            "{\"claims\":[{\"typ\":\"name\",\"val\":\"a\"},{\"typ\":\"roles\",\"val\":\"admin\"},{\"typ\":\"exp\",\"val\":\"9223372036854775807\"}]}",
        ];
        var failures = new List<string>();

        for (var i = 0; i < 2000; i++)
        {
            var json = i < payloads.Length * 4 ? payloads[i % payloads.Length] : values.Chance(0.5) ? values.JsonObject([("claims", "[]"), ("auth_typ", "\"x\""), ("name_typ", "\"name\""), ("role_typ", "\"roles\"")]) : values.String();
            var principal = values.Chance(0.5) ? Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) : json;
            var signed = i < payloads.Length * 2 || values.Chance(0.4);
            var header = signed ? $"{principal}.{Sign(key, principal)}" : values.Chance(0.5) ? principal : $"{principal}.{values.String()}";
            foreach (var (name, reader, value) in new (string, IPrincipalReader, string)[] { ("development", tokens, header), ("app service", appService, signed ? principal : header) })
            {
                var context = new DefaultHttpContext();
                context.Request.Headers[ClientPrincipal.HeaderName] = value;
                try
                {
                    var signIn = reader.Read(context.Request);
                    if (reader == tokens && !signed && signIn.Caller is not null)
                    {
                        failures.Add($"{name}: an unsigned header signed in as {signIn.Caller.Name}: {Clip(value)}");
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"{name}: {ex.GetType().Name}: {ex.Message} for {Clip(value)}");
                }
            }
        }

        failures.ShouldBeEmpty(string.Join("\n", failures.Take(30)));
    }

    /// <summary>Why the answer to a hostile request is wrong, or null when it is right.</summary>
    private static string? Problem(ApiRoute route, HttpCase sent, int status, string? mediaType, string body)
    {
        if (status >= 500)
        {
            return $"answered {status} {Clip(body)}";
        }

        if (mediaType is null)
        {
            // Kestrel refuses what HTTP forbids (a request line or header too long, a header it cannot read) before any route runs.
            return sent.ServerMayRefuse && status is 400 or 404 or 414 or 431 ? null : $"answered {status} with no body";
        }

        var isLink = route.Name is "ShowActionLink" or "UseActionLink" or "ShowAckForm" or "AnswerAck";
        if (isLink || route.Name is "Dashboard" or "OfficerPage")
        {
            if (mediaType != "text/html")
            {
                return $"answered {status} {mediaType}, not a page";
            }

            // The markup itself: the officer's page quotes the sign-in name in its refusals, HTML-encoded, so the
            // text "onerror=alert" may be there, but never as an attribute of a tag.
            if (body.Contains("<script>alert(1)", StringComparison.Ordinal) || body.Contains("<img src=x onerror=alert", StringComparison.Ordinal))
            {
                return "reflected markup unescaped";
            }

            // A page that shows a link's button only for a genuine link (or, 409, the visit's state when the link's action
            // is not possible from it, as a "done" link before accepting); a button pressed with a hostile form never acts.
            int[] expected = route.Name switch
            {
                "ShowActionLink" => sent.GenuineLink ? [200, 409] : [400],
                "UseActionLink" => sent.GenuineLink ? [400, 409] : [400],

                // Acknowledgement links: the officers' genuine links among the tokens are never taken for one.
                "ShowAckForm" or "AnswerAck" => [400],

                // The officer's own page; its refusals (no believable sign-in, not an officer) are pages too.
                "OfficerPage" => [200, 401, 403],
                _ => [200],
            };
            return expected.Contains(status) ? null : $"answered {status}, expected {string.Join(" or ", expected)}";
        }

        if (status >= 400)
        {
            if (mediaType != "application/problem+json")
            {
                return $"refused {status} as {mediaType}, not application/problem+json";
            }

            try
            {
                using var problem = JsonDocument.Parse(body);
                return problem.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status && problem.RootElement.TryGetProperty("detail", out _)
                    ? null
                    : $"problem body without status {status} and detail: {Clip(body)}";
            }
            catch (JsonException)
            {
                return $"problem body is not JSON: {Clip(body)}";
            }
        }

        if (route.Method == "POST")
        {
            return $"a hostile {route.Name} succeeded ({status})";
        }

        if (mediaType is not ("application/json" or "text/csv" or "application/atom+xml" or "application/cap+xml"))
        {
            return $"answered {status} as {mediaType}";
        }

        if (route.Name == "AdminAudit" && sent.InjectedFilter)
        {
            using var page = JsonDocument.Parse(body);
            return page.RootElement.GetProperty("records").GetArrayLength() == 0 ? null : "a filter of injected text matched records";
        }

        if (route.Name == "ListOfficerVisits" && sent.Query.TryGetValue("status", out var wanted)
            && !Enum.GetValues<VisitStatus>().Any(s => string.Equals(s.ToWire(), wanted, StringComparison.OrdinalIgnoreCase)))
        {
            return $"status '{Clip(wanted)}' is not a status but was accepted";
        }

        return null;
    }

    private static async Task<(int Status, string? MediaType, string Body)> SendAsync(HttpClient http, HttpCase sent, CancellationToken ct)
    {
        using var request = sent.ToRequest();
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    private static HttpClient Client(SelfHostHarness harness) => new(new SocketsHttpHandler
    {
        // Send header values as the bytes they are; HttpClient would otherwise refuse anything but ASCII itself.
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = harness.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static string QueueBody(HostileValues values, (string, string)[] fields) => values.Next(10) switch
    {
        < 5 => values.JsonObject(fields),
        < 7 => Encoding.UTF8.GetString(values.BrokenJson(fields)),
        7 => values.String(),
        8 => "{" + string.Join(",", fields.Select(f => $"\"{f.Item1}\":{(f.Item1 is "alertId" or "siteId" ? "\"" + HostileValues.JsonEscape(values.String()) + "\"" : f.Item2)}")) + "}",
        _ => "{" + string.Join(",", fields.Select(f => $"\"{f.Item1}\":{(f.Item1 == "recipientIds" ? "[" + string.Join(",", Enumerable.Range(0, 1 + values.Next(150)).Select(_ => "\"" + HostileValues.JsonEscape(values.String("R1")) + "\"")) + "]" : f.Item1 == "date" ? "\"" + HostileValues.JsonEscape(values.String("2026-07-15")) + "\"" : f.Item2)}")) + "}",
    };

    private static string Sign(string key, string principal) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(principal))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Clip(string value) => value.Length > 160 ? value[..160] + $"...({value.Length} chars)" : value;

    /// <summary>Two officers with one visit each, valid one-tap links, signed tokens, and a message on a poison queue.</summary>
    private sealed record World(string Admin, string OfficerOne, string OfficerTwo, string ExpiredAdmin, string AcceptLink, string DeclineLink, string CompleteLink, DateTimeOffset Expires, ActionLinks Links, DevelopmentTokens Tokens)
    {
        public static async Task<World> ArrangeAsync(SelfHostHarness harness, CancellationToken ct)
        {
            var messages = await VisitScenario.ArrangeAsync(harness.Host.Services,
                [(VisitScenario.Site("S1", "Chaoyang", 39.92, 116.44, 45), HeatLevel.Red), (VisitScenario.Site("S2", "Haidian", 39.99, 116.30, 20), HeatLevel.Orange)],
                [VisitScenario.Officer("OF-1", "Chaoyang", 39.93, 116.44, 1), VisitScenario.Officer("OF-2", "Haidian", 39.98, 116.30, 1)], ct);
            foreach (var message in messages)
            {
                await harness.Get<VisitService>().HandleAsync(message, 1, "arrange", ct);
            }

            (await VisitScenario.VisitsAsync(harness.Host.Services, ct)).Select(a => (a.Value.Id, a.Value.OfficerId))
                .ShouldBe([(OwnVisit, "OF-1"), (OtherVisit, "OF-2")], ignoreOrder: true);
            await harness.Get<QueueSender>().SendRawAsync(QueueNames.Poison(QueueNames.Deliveries), "{\"poisoned\":true}", ct);

            var tokens = harness.Get<DevelopmentTokens>();
            var links = harness.Get<ActionLinks>();
            var expires = harness.Clock.GetUtcNow().AddDays(1);
            return new World(
                tokens.Create("duty-admin", [Caller.AdminRole], TimeSpan.FromHours(1)),
                tokens.Create("OF-1", [Caller.OfficerRole], TimeSpan.FromHours(1)),
                tokens.Create("OF-2", [Caller.OfficerRole], TimeSpan.FromHours(1)),
                tokens.Create("duty-admin", [Caller.AdminRole], TimeSpan.FromSeconds(-1)),
                links.Create(OwnVisit, "OF-1", LinkAction.Accept, expires),
                links.Create(OwnVisit, "OF-1", LinkAction.Decline, expires),
                links.Create(OwnVisit, "OF-1", LinkAction.Complete, expires),
                expires,
                links,
                tokens);
        }
    }

    /// <summary>One hostile request, described well enough to send again by hand.</summary>
    private sealed record HttpCase(HttpMethod Method, string Path, string? Principal, string? Cookie, byte[]? Body, string? ContentType, string Note)
    {
        private static readonly string[] Statuses = ["pending", "assigned", "ACCEPTED", "assigned,accepted", " assigned", "assigned ", "3", "1,2", "-1", "Assigned, Declined", "completed|pending"];
        private static readonly string[] JsonTypes = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/json; charset=latin1"];
        private static readonly string[] OtherTypes = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonp", "", "application/json;;;=", "*/*"];

        public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

        /// <summary>A kind, site or officer filter of hostile text, which must match no record.</summary>
        public bool InjectedFilter { get; init; }

        /// <summary>The token is a one-tap link as the service sent it.</summary>
        public bool GenuineLink { get; init; }

        /// <summary>Something HTTP itself forbids or bounds (length, bytes in a header), so the server may refuse it before routing.</summary>
        public bool ServerMayRefuse { get; init; }

        public static HttpCase For(ApiRoute route, HostileValues v, World world)
        {
            var (principal, cookie, acts, who) = Identity(v, world);
            var serverMayRefuse = principal is not null && (principal.Length > 8000 || principal.Any(c => c is < ' ' or > '~'))
                || cookie is not null && (cookie.Length > 8000 || cookie.Any(c => c is < ' ' or > '~'));
            var parameters = new Dictionary<string, string>();
            var path = System.Text.RegularExpressions.Regex.Replace(route.Template, @"\{(\w+)\}", m =>
            {
                var value = Parameter(m.Groups[1].Value, route, v, world);
                parameters[m.Groups[1].Value] = value;

                // A segment of dots is resolved by the client (RFC 3986), so the request names another path;
                // Kestrel refuses a path with a null byte in it.
                serverMayRefuse |= value.All(c => c == '.') || value.Contains('\0', StringComparison.Ordinal);
                return Escape(value);
            });

            // Officers who may act never get a real visit with a usable request: an accept would be accepted.
            if (route.Name == "AcceptVisit" && acts && parameters["id"] is OwnVisit or OtherVisit)
            {
                var other = v.String(parameters["id"]) + "#";
                path = path.Replace(Escape(parameters["id"]), Escape(other), StringComparison.Ordinal);
                serverMayRefuse |= other.Contains('\0', StringComparison.Ordinal);
            }

            var query = QueryFor(route, v, out var injected);
            var (body, contentType) = BodyFor(route, v, parameters, acts, world);
            var queryText = query.Count == 0 ? string.Empty : "?" + string.Join("&", query.Select(kv => $"{Escape(kv.Key)}={Escape(kv.Value)}"));
            serverMayRefuse |= path.Length + queryText.Length > 8000;
            return new HttpCase(new HttpMethod(route.Method), $"{ApiRoutes.Prefix}/{path}{queryText}", principal, cookie, body, contentType, who)
            {
                Query = query,
                InjectedFilter = injected,
                GenuineLink = parameters.GetValueOrDefault("token") is { } token && new[] { world.AcceptLink, world.DeclineLink, world.CompleteLink }.Contains(token),
                ServerMayRefuse = serverMayRefuse,
            };
        }

        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(Method, new Uri(Path, UriKind.Relative));
            if (Principal is not null)
            {
                request.Headers.TryAddWithoutValidation(ClientPrincipal.HeaderName, Principal);
            }

            if (Cookie is not null)
            {
                request.Headers.TryAddWithoutValidation("Cookie", $"{DevelopmentTokens.CookieName}={Cookie}");
            }

            if (Body is not null)
            {
                // A server may answer before it reads a body it refuses; the client then need not send it.
                request.Headers.ExpectContinue = Body.Length > 16 * 1024;
                request.Content = new ByteArrayContent(Body);
                request.Content.Headers.Remove("Content-Type");
                if (ContentType is { Length: > 0 })
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            return request;
        }

        public override string ToString() =>
            $"{Method} {Clip(Path)} as {Note}; {ContentType ?? "no content type"}; body {(Body is null ? "none" : Clip(Encoding.UTF8.GetString(Body)))}";

        private static (string? Principal, string? Cookie, bool Acts, string Who) Identity(HostileValues v, World world)
        {
            // Mostly callers who get past sign-in, so that most cases test what comes after it.
            switch (v.Next(20))
            {
                case < 2:
                    return (null, null, false, "anonymous");
                case < 8:
                    return (world.Admin, null, true, "admin");
                case < 12:
                    return (world.OfficerOne, null, true, "officer OF-1");
                case < 14:
                    return (world.OfficerTwo, null, true, "officer OF-2");
                case 14:
                    return (Header(v.String()), null, false, "hostile header");
                case 15:
                    var token = world.Admin.ToCharArray();
                    token[v.Next(token.Length)] = v.Pick("ABCxyz019-_.=".ToCharArray());
                    var tampered = new string(token);
                    return (tampered, null, tampered == world.Admin, "tampered admin token");
                case 16:
                    return (world.ExpiredAdmin, null, false, "expired admin token");
                case 17:
                    // Signed, so believed: a real account whose display name is hostile.
                    return (world.Tokens.Create(Header(v.String()).Trim() is { Length: > 0 } n ? n : "x", v.Chance(0.5) ? [Caller.AdminRole] : [Caller.OfficerRole], TimeSpan.FromHours(1)), null, true, "signed hostile name");
                case 18:
                    return (ClientPrincipal.For("duty-admin", [Caller.AdminRole]).Encode(), null, false, "unsigned admin principal");
                default:
                    return (null, Header(v.Chance(0.02) ? HostileValues.OneMegabyte : v.String()), false, "hostile cookie");
            }
        }

        // HttpClient cannot send a line break inside a header at all; everything else goes as it is.
        private static string Header(string value) => value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);

        private static string Parameter(string name, ApiRoute route, HostileValues v, World world)
        {
            if (v.Chance(0.01))
            {
                return HostileValues.OneMegabyte;
            }

            return name switch
            {
                "officerId" when v.Chance(0.5) => v.Pick(["OF-1", "OF-1", "OF-2", "of-1", "OF-9"]),
                "id" when v.Chance(0.5) => v.Pick([OwnVisit, OtherVisit]),
                "queue" when v.Chance(0.3) => v.Pick([.. QueueNames.All, "deliveries-poison", "Alerts"]),
                "alertId" when v.Chance(0.3) => v.Pick([Alert.IdFor("S1", VisitScenario.Day, "red", 0), Alert.IdFor("S2", VisitScenario.Day, "orange", 0), "S1_20260715_RED", "S1_20260716_red", "S1_20260715_red-1"]),
                "token" => Token(route, v, world),
                _ => v.String(),
            };
        }

        private static string Token(ApiRoute route, HostileValues v, World world)
        {
            var valid = route.Method == "GET" ? v.Pick([world.AcceptLink, world.DeclineLink, world.CompleteLink]) : v.Pick([world.DeclineLink, world.CompleteLink, world.CompleteLink]);
            switch (v.Next(10))
            {
                case < 2:
                    return valid;
                case < 5:
                    var chars = valid.ToCharArray();
                    chars[v.Next(chars.Length)] = v.Pick("AZaz09-_.=+/".ToCharArray());
                    var mutated = new string(chars);
                    return mutated == valid ? mutated + "A" : mutated;
                case 5:
                    var dot = valid.IndexOf('.', StringComparison.Ordinal);
                    return v.Pick([valid[(dot + 1)..] + "." + valid[..dot], valid[..dot], valid + "." + valid, valid[..^2], valid + "==", valid.ToUpperInvariant()]);
                case 6:
                    // Signed with the real key, so only a bug or a leaked key could make one: the content must still be checked.
                    var hostile = v.String();
                    return v.Next(3) switch
                    {
                        0 => world.Links.Create(hostile, "OF-1", LinkAction.Complete, world.Expires),
                        1 => world.Links.Create(OwnVisit, hostile, LinkAction.Complete, world.Expires),
                        _ => world.Links.Create(OwnVisit + "\n" + hostile, "OF-1", LinkAction.Complete, world.Expires),
                    };
                default:
                    return v.String();
            }
        }

        private static Dictionary<string, string> QueryFor(ApiRoute route, HostileValues v, out bool injected)
        {
            injected = false;
            var query = new Dictionary<string, string>();
            string[] names = route.Name switch
            {
                "ListOfficerVisits" => ["status"],
                "AdminAudit" or "AdminAuditCsv" => ["from", "to", "kind", "site", "officer", "q", "pageSize", "continuationToken"],
                "AdminSummary" or "AdminSites" => ["date"],
                _ => [v.String()],
            };
            foreach (var name in names)
            {
                if (!v.Chance(0.4))
                {
                    continue;
                }

                var value = name switch
                {
                    "status" => v.Chance(0.5) ? v.Pick(Statuses) : v.String(),
                    "from" or "to" or "date" => v.Chance(0.3) ? v.Pick(["2026-07-15", "2026-07-01", "2026-02-30", "2026-7-15", "9999-12-31", "0001-01-01", "2026-07-15T00:00"]) : v.String(),
                    "pageSize" => v.Chance(0.5) ? v.Pick(["0", "1", "1000", "1001", "-1", "2147483648", "1e3", " 5", "0x10"]) : v.String(),
                    "continuationToken" => v.Chance(0.3) ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"a1|2026-07-01|2026-07-15|{v.String()}")).TrimEnd('=') : v.String(),
                    _ => v.String(),
                };
                query[name] = value;
                injected |= name is "kind" or "site" or "officer";
            }

            return query;
        }

        private static (byte[]? Body, string? ContentType) BodyFor(ApiRoute route, HostileValues v, Dictionary<string, string> parameters, bool acts, World world)
        {
            var json = v.Chance(0.85) ? v.Pick(JsonTypes) : v.Pick(OtherTypes);
            switch (route.Name)
            {
                case "DeclineVisit":
                    (string, string)[] reason = [("reason", "\"cannot go\"")];
                    if (acts && parameters["id"] is OwnVisit or OtherVisit)
                    {
                        // A valid reason would decline: only bodies that can never be a decline.
                        return v.Chance(0.5)
                            ? (v.BrokenJson(reason), json)
                            : (Encoding.UTF8.GetBytes($"{{\"reason\":{v.Pick(["null", "42", "\"\"", "\"   \"", "\"a\\u0001b\"", "\"a\\u0000b\"", "\"\\ud800\"", "[]", "{}", "\"" + new string('x', 501) + "\""])}}}"), json);
                    }

                    return v.Chance(0.5) ? (v.BrokenJson(reason), json) : (Encoding.UTF8.GetBytes(v.JsonObject(reason)), json);
                case "CompleteVisit":
                    (string, string)[] report = [("workersReached", "10"), ("waterLitres", "15"), ("soupLitres", "5"), ("medicineKits", "1"), ("notes", "\"ok\"")];
                    return v.Chance(0.5) ? (v.BrokenJson(report), json) : (Encoding.UTF8.GetBytes(v.JsonObject(report)), json);
                case "AdminReplayPoison" or "AdminDiscardPoison":
                    (string, string)[] replay = [("messageId", "\"" + HostileValues.JsonEscape(v.String()) + "\"")];
                    return v.Chance(0.5) ? (v.BrokenJson(replay), json) : (Encoding.UTF8.GetBytes(v.JsonObject(replay)), json);
                case "UseActionLink":
                    return Form(v, decline: parameters["token"] == world.DeclineLink);
                default:
                    return v.Chance(0.2) ? (Encoding.UTF8.GetBytes(v.String()), v.Pick([.. JsonTypes, .. OtherTypes])) : (null, null);
            }
        }

        /// <summary>A form for a link's button; for a real decline link only forms that can never decline (no reason would decline "by link").</summary>
        private static (byte[]? Body, string? ContentType) Form(HostileValues v, bool decline)
        {
            const string Urlencoded = "application/x-www-form-urlencoded";
            var unusable = v.Next(decline ? 7 : 10);
            return unusable switch
            {
                0 => (Encoding.ASCII.GetBytes(new string('k', 3000) + "=1"), Urlencoded),
                1 => (Encoding.ASCII.GetBytes(string.Join("&", Enumerable.Range(0, 1500).Select(i => $"f{i}=1"))), Urlencoded),
                2 => (Encoding.ASCII.GetBytes("reason=x"), "multipart/form-data"),
                3 => (Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nx"), "multipart/form-data; boundary=b"),
                4 => (Encoding.ASCII.GetBytes("reason=" + new string('x', 5 * 1024 * 1024)), Urlencoded),
                5 => (Encoding.ASCII.GetBytes("reason=a%01b&reason=c"), Urlencoded),
                6 => (Encoding.ASCII.GetBytes("reason=" + new string('x', 501)), Urlencoded),
                7 => (null, null),
                8 => (Encoding.UTF8.GetBytes(v.String()), v.Pick(OtherTypes)),
                _ => (Encoding.UTF8.GetBytes(string.Join("&", new[] { "workersReached", "waterLitres", "soupLitres", "medicineKits", "notes", "reason" }
                    .Select(n => $"{n}={Escape(v.Chance(0.3) ? v.Pick(["1", "0", "-1", "1e400", "NaN", "Infinity", "100001", "1.5"]) : v.String())}"))), Urlencoded),
            };
        }

        /// <summary>Percent-encodes every byte of the UTF-8 form but the unreserved ones (lone surrogates become U+FFFD, as any client sends them).</summary>
        private static string Escape(string value)
        {
            var builder = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }
    }
}

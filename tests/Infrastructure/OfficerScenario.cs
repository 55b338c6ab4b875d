using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Api;
using HeatRelief.Visits;
using HeatRelief.Audit;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>A site of a scenario: every site gets a red day, so every site gets a visit.</summary>
public sealed record ScenarioSite(string Id, string District, double Latitude, double Longitude, int OutdoorWorkers = 40);

/// <summary>An officer of a scenario, reached by webhook at <c>/officers/{id}</c> on the scenario's sink.</summary>
public sealed record ScenarioOfficer(string Id, string District, double Latitude, double Longitude, int MaxVisitsPerDay = 3, string Login = "");

/// <summary>What storage says about one visit: any write to it, its audit trail, officer loads or used links changes this.</summary>
public sealed record VisitSnapshot(string ETag, string Status, string? OfficerId, int AuditRecords, string Loads, int UsedLinks);

/// <summary>
/// The real self-host serving the HTTP API on a free port, against its own Azurite account, after sites and
/// officers were imported and one heat check ran: every site has a red-day visit, offered to the officer the
/// ranking chose, who was told on the webhook sink (with real one-tap links). Admins hear at <c>/admins</c>.
/// </summary>
public sealed class OfficerScenario : IAsyncDisposable
{
    public const string AdminName = "duty.admin@union.example";

    public static readonly DateTimeOffset Now = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 7, 15);

    public const string DateKey = "2026-07-15";

    private OfficerScenario(SelfHostHarness harness, WebhookSink sink)
    {
        Harness = harness;
        Sink = sink;
        Client = new HttpClient { BaseAddress = harness.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public SelfHostHarness Harness { get; }

    public WebhookSink Sink { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Clock => Harness.Clock;

    public VisitStore Store => Harness.Get<VisitStore>();

    public static string VisitOf(string siteId) => Visit.IdFor(siteId, Today);

    /// <summary>
    /// Starts the host, imports, runs one heat check and waits until every visit is offered. <paramref name="recipients"/>
    /// gives rows of a recipients CSV (after <c>CsvFiles.RecipientsHeader</c>) to import first, given the webhook sink.
    /// </summary>
    public static async Task<OfficerScenario> StartAsync(AzuriteFixture azurite, IReadOnlyList<ScenarioSite> sites, IReadOnlyList<ScenarioOfficer> officers,
        IReadOnlyDictionary<string, string?>? settings, CancellationToken ct, Func<WebhookSink, IReadOnlyList<string>>? recipients = null)
    {
        var sink = await WebhookSink.StartAsync();
        try
        {
            var recording = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.90, 116.40, [41.0, 41.0, 41.0]));
            var values = new Dictionary<string, string?>
            {
                ["Weather:RecordingPath"] = recording,
                ["Alerts:LookaheadDays"] = "0",
                ["Visits:MaxAttempts"] = "2",
                ["Visits:AdminRecipients"] = $"webhook:{sink.Url("/admins")}",

                // Only the test moves visits on: the reassignment timer would otherwise run on wall-clock minutes.
                [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            var harness = SelfHostHarness.Create(azurite, values, Now, http: true);
            var scenario = new OfficerScenario(harness, sink);
            try
            {
                await harness.StartAsync(ct);
                var folder = TestPaths.NewTempFolder();
                var importer = harness.Get<CsvImporter>();
                await importer.ImportSitesAsync(CsvFiles.Write(folder, "sites.csv", CsvFiles.SitesHeader,
                    [.. sites.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Id},Site {s.Id},{s.District},{s.Latitude},{s.Longitude},roadworks,{s.OutdoorWorkers}"))]), ct);
                await importer.ImportOfficersAsync(CsvFiles.Write(folder, "officers.csv", CsvFiles.OfficersHeader + ",active,language,login",
                    [.. officers.Select(o => string.Create(CultureInfo.InvariantCulture,
                        $"{o.Id},Officer {o.Id},{o.District},{o.Latitude},{o.Longitude},webhook,{sink.Url($"/officers/{o.Id}")},{o.MaxVisitsPerDay},true,en,{o.Login}"))]), ct);
                if (recipients?.Invoke(sink) is { Count: > 0 } rows)
                {
                    await importer.ImportRecipientsAsync(CsvFiles.Write(folder, "recipients.csv", CsvFiles.RecipientsHeader, [.. rows]), ct);
                }

                await harness.HeatCheckAndDrainAsync(ct);
                return scenario;
            }
            catch
            {
                await scenario.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
    }

    /// <summary>A development token signed by this host, for a caller with the given roles.</summary>
    public string Token(string name, params string[] roles) => Harness.Get<DevelopmentTokens>().Create(name, roles, TimeSpan.FromHours(1));

    public string OfficerToken(string signInName) => Token(signInName, Caller.OfficerRole);

    public string AdminToken() => Token(AdminName, Caller.AdminRole);

    /// <summary>A token this host did not sign: the same shape, from another key or another clock.</summary>
    public static string ForeignToken(string name, string[] roles, string key, DateTimeOffset issuedAt, TimeSpan validFor) =>
        new DevelopmentTokens(Options.Create(new AuthOptions { DevelopmentSignIn = true, DevelopmentSigningKey = key }), new FakeTimeProvider(issuedAt))
            .Create(name, roles, validFor);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith("http", StringComparison.Ordinal) ? path : $"api/{path}") { Content = content };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(ClientPrincipal.HeaderName, token);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string? token, string json) =>
        SendAsync(HttpMethod.Post, path, token, Json(json));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async Task<StoredVisit> VisitAsync(string id) =>
        await Store.GetAsync(id, TestContext.Current.CancellationToken) ?? throw new InvalidOperationException($"visit {id} does not exist");

    /// <summary>The visits each officer holds today, as the OfficerLoad table has them.</summary>
    public async Task<IReadOnlyList<string>> LoadOfAsync(string officerId) =>
        (await Harness.Get<OfficerLoadStore>().VisitsByOfficerAsync(DateKey, TestContext.Current.CancellationToken)).GetValueOrDefault(officerId) ?? [];

    /// <summary>The audit trail of one visit (records of one moment come in no particular order).</summary>
    public async Task<IReadOnlyList<TableEntity>> AuditAsync(string visitId)
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await Harness.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var rows = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"VisitId eq {visitId}"), cancellationToken: ct).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.GetDateTimeOffset("Time"))];
    }

    public async Task<IReadOnlyList<string>> AuditKindsAsync(string visitId) =>
        [.. (await AuditAsync(visitId)).Select(r => r.GetString("Kind"))];

    public async Task<VisitSnapshot> SnapshotAsync(string visitId)
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = Harness.Get<StorageClients>();
        var visits = await clients.TableAsync(TableNames.Visits, ct);
        var row = (await visits.GetEntityAsync<TableEntity>(DateKey, visitId, cancellationToken: ct)).Value;
        var loads = await clients.TableAsync(TableNames.OfficerLoad, ct);
        var loadRows = await loads.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct);
        var usedLinks = await clients.TableAsync(TableNames.UsedLinks, ct);
        var used = await usedLinks.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {visitId}"), cancellationToken: ct).ToListAsync(ct);
        return new VisitSnapshot(
            row.ETag.ToString(),
            row.GetString("Status"),
            row.GetString("OfficerId"),
            (await AuditAsync(visitId)).Count,
            string.Join("; ", loadRows.OrderBy(r => r.PartitionKey, StringComparer.Ordinal).ThenBy(r => r.RowKey, StringComparer.Ordinal).Select(r => $"{r.PartitionKey}/{r.RowKey}={r.GetString("Visits")}{r.GetInt32("Count")}")),
            used.Count);
    }

    /// <summary>Notifications one officer received, oldest first, by the kind at the end of their idempotency key (offer, accepted).</summary>
    public IReadOnlyList<JsonElement> NoticesTo(string officerId, string kind) =>
        [.. Sink.Calls.Where(c => c.Path == $"/officers/{officerId}" && c.IdempotencyKey?.EndsWith($":{kind}", StringComparison.Ordinal) == true).Select(c => c.Body.GetProperty("data"))];

    /// <summary>A link from the latest notice of that kind: acceptUrl, declineUrl or completeUrl.</summary>
    public string LinkFor(string officerId, string kind, string field) =>
        NoticesTo(officerId, kind).LastOrDefault() is { ValueKind: JsonValueKind.Object } data
            ? data.GetProperty(field).GetString()!
            : throw new InvalidOperationException($"officer {officerId} received no '{kind}' notice");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Harness.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

/// <summary>Assertions on the API's answers.</summary>
public static class ApiAssert
{
    /// <summary>Checks an RFC 7807 refusal with the given status and returns its detail.</summary>
    public static async Task<string> ShouldBeProblemAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        ((int)response.StatusCode).ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        using var doc = JsonDocument.Parse(body);
        doc.RootElement.GetProperty("status").GetInt32().ShouldBe(status);
        doc.RootElement.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        return doc.RootElement.GetProperty("detail").GetString() ?? string.Empty;
    }

    /// <summary>Checks a 200 JSON answer and returns it.</summary>
    public static async Task<JsonElement> ShouldBeJsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        ((int)response.StatusCode).ShouldBe(200, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    /// <summary>Checks an HTML page with the given status and returns its text.</summary>
    public static async Task<string> ShouldBePageAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        ((int)response.StatusCode).ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html", body);
        return System.Net.WebUtility.HtmlDecode(body);
    }
}

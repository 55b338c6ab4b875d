using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HeatRelief.Api;
using HeatRelief.Audit;
using HeatRelief.Review;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// The dashboard's directory management over real HTTP from the self-host: uploaded files validated whole as
/// <c>./run.sh import</c> validates them (errors by line and column, nothing written), one record added or edited from
/// a form with the same rules, deactivated and removed with its history kept, every change audited with the admin's name.
/// </summary>
public sealed class DirectoryApiTests(AzuriteFixture azurite)
{
    private const string Admin = "duty-admin";

    [Fact]
    public async Task DirectoryImport_BadGoodAndForeignFiles_RefusedByLineAndColumnWritingNothingOrCounted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await StartAsync(ct);
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        var admin = harness.Get<DevelopmentTokens>().Create(Admin, [Caller.AdminRole], TimeSpan.FromHours(1));
        var clients = harness.Get<StorageClients>();
        var directory = harness.Get<SiteDirectory>();

        // Two bad rows of four: each problem named by line and column; nothing written but the refusal's audit record.
        var before = await StorageSnapshot.TakeAsync(clients, ct);
        var bad = Utf8WithBom(CsvFiles.SitesHeader, "S1,Xinfadi,Fengtai,39.80,116.30,market,120", "S2,Dongba,Chaoyang,999,116.45,construction,60",
            "S3,,Haidian,39.98,116.30,construction,abc", "S4,Wangjing,Chaoyang,39.99,116.47,construction,10");
        var refused = await UploadAsync(http, "site", "my sites.csv", bad, admin, ct);
        refused.Status.ShouldBe(HttpStatusCode.BadRequest, refused.Text);
        Errors(refused.Json).ShouldBe([(3, "latitude"), (4, "name"), (4, "outdoor_workers")], ignoreOrder: true);
        refused.Json.GetProperty("detail").GetString()!.ShouldContain("my sites.csv: 3 errors, nothing was imported");
        var latitude = refused.Json.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("column").GetString() == "latitude");
        (latitude.GetProperty("code").GetString(), latitude.GetProperty("args").GetProperty("value").GetString(), latitude.GetProperty("args").GetProperty("min").GetString())
            .ShouldBe(("not-a-number", "999", "-90"), "the page words the problem from its code and arguments");
        latitude.GetProperty("problem").GetString().ShouldBe("'999' is not a number from -90 to 90", "other clients keep the English problem");
        var afterRefusal = await StorageSnapshot.TakeAsync(clients, ct);
        afterRefusal.ChangesSince(before).ShouldHaveSingleItem().ShouldEndWith(" " + AuditKinds.ImportRejected);
        (await directory.ListSitesAsync(ct)).ShouldBeEmpty();

        // An officers file uploaded as sites: the columns a sites file needs are missing, on line 1.
        var officers = Encoding.UTF8.GetBytes(CsvFiles.OfficersHeader + "\nO1,Li,Fengtai,39.80,116.30,console,13900000001,3\n");
        var foreign = await UploadAsync(http, "site", "officers.csv", officers, admin, ct);
        foreign.Status.ShouldBe(HttpStatusCode.BadRequest, foreign.Text);
        Errors(foreign.Json).ShouldBe([(1, "kind"), (1, "outdoor_workers")], ignoreOrder: true);

        // Bigger than the page's limit: a clear refusal before anything is read.
        var huge = await UploadAsync(http, "site", "huge.csv", new byte[DirectoryApi.MaxUploadBytes + 1], admin, ct);
        huge.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, huge.Text);
        huge.Json.GetProperty("detail").GetString()!.ShouldContain("10,485,760-byte limit");
        var tooLarge = huge.Json.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        (tooLarge.GetProperty("line").GetInt32(), tooLarge.GetProperty("code").GetString(), tooLarge.GetProperty("args").GetProperty("limit").GetString()).ShouldBe((0, "upload-too-large", "10,485,760"));

        // GBK, as Excel on Chinese Windows saves a CSV: read as GB18030 and counted.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes(string.Join("\n", CsvFiles.SitesHeader, "S1,新发地市场,丰台区,39.80,116.30,market,120", "S2,东坝工地,朝阳区,39.95,116.45,construction,60") + "\n");
        var good = await UploadAsync(http, "site", "工地.csv", gbk, admin, ct);
        good.Status.ShouldBe(HttpStatusCode.OK, good.Text);
        (good.Json.GetProperty("added").GetInt32(), good.Json.GetProperty("changed").GetInt32(), good.Json.GetProperty("unchanged").GetInt32()).ShouldBe((2, 0, 0));
        (await directory.GetSiteAsync("S1", ct))!.Name.ShouldBe("新发地市场");

        // UTF-8 with a byte order mark: one changed, one unchanged, one new.
        var again = await UploadAsync(http, "site", "sites.csv", Utf8WithBom(CsvFiles.SitesHeader, "S1,新发地市场,丰台区,39.80,116.30,market,150",
            "S2,东坝工地,朝阳区,39.95,116.45,construction,60", "S3,望京工地,朝阳区,39.99,116.47,construction,10"), admin, ct);
        again.Status.ShouldBe(HttpStatusCode.OK, again.Text);
        (again.Json.GetProperty("added").GetInt32(), again.Json.GetProperty("changed").GetInt32(), again.Json.GetProperty("unchanged").GetInt32()).ShouldBe((1, 1, 1));

        // Recipients are checked against the stored sites, as the command line checks them.
        var recipients = await UploadAsync(http, "recipient", "recipients.csv", Utf8WithBom(CsvFiles.RecipientsHeader,
            "R1,S1,王师傅,foreman,console,13812345678,zh,,", "R2,S9,李师傅,worker,console,13812345679,zh,,"), admin, ct);
        recipients.Status.ShouldBe(HttpStatusCode.BadRequest, recipients.Text);
        Errors(recipients.Json).ShouldBe([(3, "site_id")]);

        var imports = (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.ImportCompleted), ct)).Records;
        imports.Count.ShouldBe(2);
        imports.ShouldAllBe(r => r.Actor == "admin:" + Admin);
        imports.ShouldContain(r => r.Message == "Imported sites from 工地.csv: 2 new, 0 changed, 0 unchanged");
        var rejections = (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.ImportRejected), ct)).Records;
        rejections.Count.ShouldBe(3, "the bad, the foreign and the recipients file (the one too big is refused unread)");
        rejections.ShouldAllBe(r => r.Actor == "admin:" + Admin);
    }

    [Fact]
    public async Task DirectoryForm_AddEditDeactivateRemove_ValidatedAsARowAuditedWithTheAdminsNameHistoryKept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await StartAsync(ct);
        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        var admin = harness.Get<DevelopmentTokens>().Create(Admin, [Caller.AdminRole], TimeSpan.FromHours(1));
        var clients = harness.Get<StorageClients>();
        var directory = harness.Get<SiteDirectory>();
        (await UploadAsync(http, "site", "sites.csv", Utf8WithBom(CsvFiles.SitesHeader, "S1,Xinfadi,Fengtai,39.80,116.30,market,120"), admin, ct)).Status.ShouldBe(HttpStatusCode.OK);
        (await UploadAsync(http, "recipient", "recipients.csv", Utf8WithBom(CsvFiles.RecipientsHeader, "R1,S1,Wang,foreman,console,13812345678,zh,,"), admin, ct)).Status.ShouldBe(HttpStatusCode.OK);

        var officer = await PostAsync(http, "manage/directory/officer/save", new { fields = OfficerFields("O2", "S-admin") }, admin, ct);
        officer.Status.ShouldBe(HttpStatusCode.OK, officer.Text);
        officer.Json.GetProperty("added").GetInt32().ShouldBe(1);

        // A bad edit: every problem by column, as a file's row would get them; nothing written, not even an audit record.
        var before = await StorageSnapshot.TakeAsync(clients, ct);
        var invalid = await PostAsync(http, "manage/directory/site/save", new { fields = SiteFields("S1", "", "north", "120") }, admin, ct);
        invalid.Status.ShouldBe(HttpStatusCode.BadRequest, invalid.Text);
        Errors(invalid.Json).ShouldBe([(2, "name"), (2, "latitude")], ignoreOrder: true);
        var unknownField = await PostAsync(http, "manage/directory/site/save", new { fields = new Dictionary<string, string> { ["id"] = "S1", ["colour"] = "red" } }, admin, ct);
        unknownField.Status.ShouldBe(HttpStatusCode.BadRequest, unknownField.Text);
        Errors(unknownField.Json).ShouldBe([(0, "colour")]);
        var signInClash = await PostAsync(http, "manage/directory/officer/save", new { fields = OfficerFields("O3", "o2") }, admin, ct);
        signInClash.Status.ShouldBe(HttpStatusCode.BadRequest, signInClash.Text);
        Errors(signInClash.Json).ShouldBe([(2, "login")]);
        (await StorageSnapshot.TakeAsync(clients, ct)).ChangesSince(before).ShouldBeEmpty("refused forms write nothing");

        // An edit: the stored site changes, audited with the fields it changed and the admin's name; the same again changes nothing.
        var edit = await PostAsync(http, "manage/directory/site/save", new { fields = SiteFields("S1", "新发地市场", "39.81", "150") }, admin, ct);
        edit.Status.ShouldBe(HttpStatusCode.OK, edit.Text);
        edit.Json.GetProperty("changed").GetBoolean().ShouldBeTrue();
        var site = (await directory.GetSiteAsync("S1", ct))!;
        (site.Name, site.Latitude, site.OutdoorWorkers, site.Active).ShouldBe(("新发地市场", 39.81, 150, true));
        var edited = (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.SiteEdited), ct)).Records.ShouldHaveSingleItem();
        edited.Actor.ShouldBe("admin:" + Admin);
        edited.SiteId.ShouldBe("S1");
        edited.Message.ShouldBe("Site S1 (新发地市场) edited: name, latitude, outdoor_workers changed");
        edited.Details.ShouldNotBeNull().ShouldContain("\"before\":\"Xinfadi\"");
        var same = await PostAsync(http, "manage/directory/site/save", new { fields = SiteFields("S1", "新发地市场", "39.81", "150") }, admin, ct);
        same.Json.GetProperty("changed").GetBoolean().ShouldBeFalse();
        (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.SiteEdited), ct)).Records.Count.ShouldBe(1);

        // A new recipient from the form, audited as added under its site.
        var added = await PostAsync(http, "manage/directory/recipient/save", new
        {
            fields = new Dictionary<string, string> { ["id"] = "R2", ["site_id"] = "S1", ["name"] = "Li", ["role"] = "worker", ["channel"] = "console", ["address"] = "13812345679", ["language"] = "en" },
        }, admin, ct);
        added.Status.ShouldBe(HttpStatusCode.OK, added.Text);
        (await directory.GetRecipientsAsync("S1", ["R2"], ct)).ShouldHaveSingleItem().Language.ShouldBe("en");
        var addedRecord = (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: AuditKinds.RecipientAdded), ct)).Records.ShouldHaveSingleItem();
        (addedRecord.Actor, addedRecord.SiteId).ShouldBe(("admin:" + Admin, "S1"));
        addedRecord.Details.ShouldNotBeNull().ShouldNotContain("13812345679", Case.Sensitive, "contact details are masked in the audit trail");

        // Deactivate the site; remove a recipient: both stay stored (history kept), listed with their state.
        var deactivate = await PostAsync(http, "manage/directory/site/state", new { id = "S1", action = "deactivate" }, admin, ct);
        deactivate.Status.ShouldBe(HttpStatusCode.OK, deactivate.Text);
        (await directory.GetSiteAsync("S1", ct))!.Active.ShouldBeFalse();
        var remove = await PostAsync(http, "manage/directory/recipient/state", new { id = "S1/R1", action = "remove" }, admin, ct);
        remove.Status.ShouldBe(HttpStatusCode.OK, remove.Text);
        var removed = (await directory.GetRecipientsAsync("S1", ["R1"], ct)).ShouldHaveSingleItem();
        (removed.Active, removed.Removed, removed.Name).ShouldBe((false, true, "Wang"));
        foreach (var kind in new[] { AuditKinds.SiteDeactivated, AuditKinds.RecipientRemoved })
        {
            (await harness.Get<AuditQuery>().QueryAsync(new AuditFilter(Kind: kind), ct)).Records.ShouldHaveSingleItem().Actor.ShouldBe("admin:" + Admin, kind);
        }

        var list = await GetAsync(http, "manage/directory/recipient/records?q=s1", admin, ct);
        list.Status.ShouldBe(HttpStatusCode.OK, list.Text);
        list.Json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ShouldContain("quiet_start");
        var states = list.Json.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("fields").GetProperty("id").GetString()!, r => (r.GetProperty("active").GetBoolean(), r.GetProperty("removed").GetBoolean()));
        states.ShouldBe(new Dictionary<string, (bool, bool)> { ["R1"] = (false, true), ["R2"] = (true, false) }, ignoreOrder: true);

        // An edit of a removed record does not bring it back; only activate does.
        (await PostAsync(http, "manage/directory/recipient/save", new
        {
            fields = new Dictionary<string, string> { ["id"] = "R1", ["site_id"] = "S1", ["name"] = "Wang Wei", ["role"] = "foreman", ["channel"] = "console", ["address"] = "13812345678", ["language"] = "zh" },
        }, admin, ct)).Status.ShouldBe(HttpStatusCode.OK);
        (await directory.GetRecipientsAsync("S1", ["R1"], ct)).ShouldHaveSingleItem().Removed.ShouldBeTrue();

        // Unknown kinds, records and actions are refused clearly.
        (await PostAsync(http, "manage/directory/visit/state", new { id = "S1", action = "remove" }, admin, ct)).Status.ShouldBe(HttpStatusCode.NotFound);
        var unknown = await PostAsync(http, "manage/directory/site/state", new { id = "S9", action = "remove" }, admin, ct);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        (unknown.Json.GetProperty("code").GetString(), unknown.Json.GetProperty("args").GetProperty("id").GetString()).ShouldBe(("unknown-record", "S9"));
        unknown.Json.GetProperty("detail").GetString().ShouldBe("no site has the id 'S9'");
        (await PostAsync(http, "manage/directory/site/state", new { id = "S1", action = "delete" }, admin, ct)).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static Dictionary<string, string> SiteFields(string id, string name, string latitude, string workers) => new()
    {
        ["id"] = id, ["name"] = name, ["district"] = "Fengtai", ["latitude"] = latitude, ["longitude"] = "116.30", ["kind"] = "market", ["outdoor_workers"] = workers,
    };

    private static Dictionary<string, string> OfficerFields(string id, string login) => new()
    {
        ["id"] = id, ["name"] = "Officer " + id, ["district"] = "Fengtai", ["latitude"] = "39.80", ["longitude"] = "116.30", ["channel"] = "console",
        ["address"] = "13900000001", ["max_visits_per_day"] = "3", ["login"] = login,
    };

    private async Task<SelfHostHarness> StartAsync(CancellationToken ct)
    {
        var harness = SelfHostHarness.Create(azurite, new Dictionary<string, string?>
        {
            [FunctionNames.HeatCheckScheduleSetting] = "0 0 0 1 1 *",
            [FunctionNames.ReassignScheduleSetting] = "0 0 0 1 1 *",
        }, http: true);
        await harness.StartAsync(ct);
        return harness;
    }

    private static byte[] Utf8WithBom(string header, params string[] rows) =>
        [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Prepend(header)) + "\r\n")];

    private static List<(int Line, string Column)> Errors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString()!))];

    private static Task<Answer> UploadAsync(HttpClient http, string kind, string file, byte[] bytes, string principal, CancellationToken ct)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return SendAsync(http, HttpMethod.Post, $"manage/directory/{kind}/import?file={Uri.EscapeDataString(file)}", principal, content, ct);
    }

    private static Task<Answer> PostAsync(HttpClient http, string path, object body, string principal, CancellationToken ct) =>
        SendAsync(http, HttpMethod.Post, path, principal, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), ct);

    private static Task<Answer> GetAsync(HttpClient http, string path, string principal, CancellationToken ct) =>
        SendAsync(http, HttpMethod.Get, path, principal, null, ct);

    private static async Task<Answer> SendAsync(HttpClient http, HttpMethod method, string path, string principal, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, $"{ApiRoutes.Prefix}/{path}") { Content = content };
        request.Headers.Add(ClientPrincipal.HeaderName, principal);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return new Answer(response.StatusCode, text, json.RootElement.Clone());
    }

    private sealed record Answer(HttpStatusCode Status, string Text, JsonElement Json);
}

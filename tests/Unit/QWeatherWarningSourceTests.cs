using System.Text.Json;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Warnings;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Tests.Unit;

/// <summary>The <c>qweather</c> source against a fake QWeather on loopback: token, one request per grid cell, the lifecycle of new/update/cancel.</summary>
public sealed class QWeatherWarningSourceTests
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateOnly Day = new(2026, 7, 15);

    // Two sites in the 0.1-degree cell 39.9-40.0 / 116.4-116.5 (centre 39.95,116.45), one in the cell north of it.
    private static readonly Site[] Sites =
    [
        new("A", "甲工地", "测试区", 39.91, 116.41, "construction", 10),
        new("B", "乙工地", "测试区", 39.99, 116.49, "construction", 10),
        new("C", "丙工地", "测试区", 40.05, 116.42, "construction", 10),
    ];

    private static ServiceProvider Provider(FakeQWeather api, string token = FakeQWeather.Token, int retries = 0) =>
        CapFeedWarningSourceTests.Provider(new Dictionary<string, string?>
        {
            ["Warnings:Source"] = "qweather",
            ["Warnings:QWeatherBaseUrl"] = api.BaseUrl,
            ["Warnings:QWeatherToken"] = token,
            ["Warnings:RetryAttempts"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Warnings:RetryDelaySeconds"] = "0",
        });

    internal static string Alert(string id, string code, string severity, string colour, string headline, string issued, params string[] supersedes) =>
        JsonSerializer.Serialize(new
        {
            id,
            senderName = "测试市气象台",
            issuedTime = issued,
            messageType = new { code, supersedes = supersedes.Length == 0 ? null : supersedes },
            eventType = new { name = "高温", code = "1009" },
            urgency = (string?)null,
            severity,
            certainty = (string?)null,
            icon = "1009",
            color = new { code = colour, red = 255, green = 0, blue = 0, alpha = 1 },
            effectiveTime = issued,
            onsetTime = "2026-07-15T00:00+08:00",
            expiredTime = "2026-07-16T20:00+08:00",
            headline,
            description = "测试用预警。",
            criteria = "",
            instruction = "",
            responseTypes = Array.Empty<string>(),
        });

    private static readonly string Orange = Alert("Q-ORANGE", "new", "severe", "orange", "测试市气象台发布高温橙色预警", "2026-07-14T17:30+08:00");
    private static readonly string Red = Alert("Q-RED", "update", "extreme", "red", "测试市气象台将高温橙色预警升级为红色预警", "2026-07-15T10:20+08:00", "Q-ORANGE");
    private static readonly string Cancel = Alert("Q-CANCEL", "cancel", "extreme", "red", "测试市气象台解除高温红色预警", "2026-07-15T18:00+08:00", "Q-RED");

    private static WarningBook Book(WarningFetch fetch) => new(fetch.Documents, new HeatClassifier(new WarningsOptions()), Beijing);

    private static IReadOnlyList<(string, HeatLevel)> InForce(WarningBook book, Site site) =>
        [.. book.InForce(site.Latitude, site.Longitude, null, Day).Select(w => (w.Document.Identifier, w.Level))];

    [Fact]
    public async Task QWeather_NewUpdateCancel_GoThroughTheLifecycle_OneRequestPerGridCell()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeQWeather.StartAsync();
        await using var provider = Provider(api);
        var source = provider.GetRequiredService<IWarningSource>();
        source.Name.ShouldBe("qweather");
        string? answer = $"[{Orange}]";
        api.Answer = (lat, lon) => (lat, lon) == ("39.95", "116.45") ? answer : null;

        var first = await source.FetchAsync(Sites, ct);

        api.Requests.Select(r => (r.Latitude, r.Longitude)).ShouldBe([("39.95", "116.45"), ("40.05", "116.45")], ignoreOrder: true);
        api.Requests.ShouldAllBe(r => r.Authorized && r.Query == "?lang=zh");
        first.Rejected.ShouldBeEmpty();
        var orange = first.Documents.ShouldHaveSingleItem();
        (orange.Sender, orange.Identifier, orange.MsgType, orange.Status).ShouldBe(("qweather", "Q-ORANGE", CapMessageType.Alert, CapStatus.Actual));
        InForce(Book(first), Sites[0]).ShouldBe([("Q-ORANGE", HeatLevel.Orange)]);
        InForce(Book(first), Sites[1]).ShouldBe([("Q-ORANGE", HeatLevel.Orange)], "the whole cell shares its answer");
        InForce(Book(first), Sites[2]).ShouldBeEmpty("the cell north of it answered no alerts");

        answer = $"[{Orange},{Red}]";
        var second = Book(await source.FetchAsync(Sites, ct));

        InForce(second, Sites[0]).ShouldBe([("Q-RED", HeatLevel.Red)]);
        second.Entries.Single(e => e.Document.Identifier == "Q-ORANGE").State.ShouldBe(WarningState.Superseded);

        answer = $"[{Red},{Cancel}]";
        var third = Book(await source.FetchAsync(Sites, ct));

        InForce(third, Sites[0]).ShouldBeEmpty();
        third.Entries.Single(e => e.Document.Identifier == "Q-RED").State.ShouldBe(WarningState.Cancelled);
        api.Requests.Count.ShouldBe(6, "three polls of two cells: sites A and B share one request");
    }

    [Fact]
    public async Task QWeather_OneWarningForSeveralCells_IsOneMessageCoveringThemAll()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeQWeather.StartAsync();
        await using var provider = Provider(api);
        api.Answer = (_, _) => $"[{Orange}]";

        var fetch = await provider.GetRequiredService<IWarningSource>().FetchAsync(Sites, ct);

        var document = fetch.Documents.ShouldHaveSingleItem();
        document.Infos.Single().Areas.Count.ShouldBe(2);
        var book = Book(fetch);
        book.Notes.ShouldBeEmpty("no second copy of the message");
        Sites.ShouldAllBe(site => InForce(book, site).Count == 1);
        InForce(book, new Site("far", "远", "d", 40.25, 116.45, "market", 1)).ShouldBeEmpty();
    }

    [Fact]
    public async Task QWeather_WrongToken_FailsTheSource()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeQWeather.StartAsync();
        await using var provider = Provider(api, token: "expired-token");
        api.Answer = (_, _) => $"[{Orange}]";

        var failure = await Should.ThrowAsync<WarningSourceException>(() => provider.GetRequiredService<IWarningSource>().FetchAsync(Sites, ct));

        failure.Message.ShouldBe("QWeather refused the token (HTTP 401: Unauthorized - Invalid token): check Warnings__QWeatherToken and Warnings__QWeatherBaseUrl");
        api.Requests.ShouldAllBe(r => !r.Authorized);
        api.Requests.Count.ShouldBe(2, "a refusal is not retried");
    }

    [Fact]
    public async Task QWeather_OneCellFailingAfterItsRetries_FailsTheWholeSource()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeQWeather.StartAsync();
        await using var provider = Provider(api, retries: 2);
        api.Answer = (_, _) => $"[{Orange}]";
        api.Failure = (lat, _) => lat == "40.05" ? 503 : null;

        var failure = await Should.ThrowAsync<WarningSourceException>(() => provider.GetRequiredService<IWarningSource>().FetchAsync(Sites, ct));

        failure.Message.ShouldBe("QWeather 40.05,116.45: QWeather answered HTTP 503");
        api.Requests.Count(r => r.Latitude == "40.05").ShouldBe(3, "Warnings__RetryAttempts=2: the first attempt and two retries");
        api.Requests.Count(r => r.Latitude == "39.95").ShouldBe(1);
    }

    [Fact]
    public async Task QWeather_MalformedAlert_IsRejectedNamingIt_AndTheOthersCount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeQWeather.StartAsync();
        await using var provider = Provider(api);
        var badTime = Alert("Q-BAD", "new", "severe", "orange", "高温橙色预警", "yesterday");
        api.Answer = (lat, _) => lat == "39.95" ? $"[{badTime},{Orange},{{\"id\":\"Q-NOTYPE\"}}]" : null;

        var fetch = await provider.GetRequiredService<IWarningSource>().FetchAsync(Sites, ct);

        fetch.Documents.Select(d => d.Identifier).ShouldBe(["Q-ORANGE"]);
        fetch.Rejected.Select(r => (r.Source, r.Problem)).ShouldBe(
        [
            ("QWeather 39.95,116.45 alert Q-BAD", "issuedTime: 'yesterday' is not a time with its offset (e.g. 2025-10-24T11:19+08:00)"),
            ("QWeather 39.95,116.45 alert Q-NOTYPE", "no issuedTime"),
        ]);
    }

    [Fact]
    public async Task QWeather_ZeroResult_IsNoWarnings()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeQWeather.StartAsync();
        await using var provider = Provider(api);

        var fetch = await provider.GetRequiredService<IWarningSource>().FetchAsync(Sites, ct);

        fetch.Documents.ShouldBeEmpty();
        fetch.Rejected.ShouldBeEmpty();
        api.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public void QWeatherWarningSource_RequestUri_CellCentreWithTwoDecimals()
    {
        var settings = new WarningsOptions { QWeatherBaseUrl = "https://example.qweather.test/base/", QWeatherLanguage = "en", CellDegrees = 0.25 };
        var cell = WarningCells.Group([new Site("S", "s", "d", 22.51, 113.93, "market", 1)], 0.25).Single();

        var uri = QWeatherWarningSource.RequestUri(settings, cell);

        uri.ToString().ShouldBe("https://example.qweather.test/base/weatheralert/v1/current/22.63/113.88?lang=en");
    }
}

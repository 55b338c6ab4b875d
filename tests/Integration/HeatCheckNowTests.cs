using System.Text.Json;
using Azure.Data.Tables;
using HeatRelief.Api;
using HeatRelief.Audit;
using HeatRelief.HeatCheck;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Weather;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// Check now and the status banner's route: one heat check at a time across instances (two services on one storage
/// account stand for two hosts), the admin's check audited once with their name, the timer waiting for it, and the
/// last check's source failures kept for <c>GET /api/manage/status</c>.
/// </summary>
public sealed class HeatCheckNowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CheckNow_TwoInstancesAtOnce_ExactlyOneRunsAuditedOnceAndTheTimerWaits()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = azurite.RentAccount();
        var gate = new WeatherGate();
        await using var first = Instance(account, gate);
        await using var second = Instance(account, gate);
        await ImportAsync(first, ct);

        // Both instances' admins press the button at once; the first check is held inside the forecast read.
        var alice = Task.Run(() => first.Get<HeatCheckApi>().CheckNowAsync(AdminRequest(first, "alice")), ct);
        var bob = Task.Run(() => second.Get<HeatCheckApi>().CheckNowAsync(AdminRequest(second, "bob")), ct);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var refused = await Task.WhenAny(alice, bob).WaitAsync(TimeSpan.FromSeconds(30), ct);
        StatusOf(await refused).ShouldBe(409, "the other check is running");
        var winner = refused == alice ? "bob" : "alice";
        var detail = ((ProblemHttpResult)await refused).ProblemDetails.Detail!;
        detail.ShouldContain($"started by admin:{winner}");

        // The timer's check on the other instance waits for the running one instead of overlapping it.
        var timer = Task.Run(() => (refused == alice ? first : second).Get<HeatCheckRunner>().RunScheduledAsync("timer-run", ct), ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        timer.IsCompleted.ShouldBeFalse("the timer waits while the admin's check holds the lock");
        gate.Entries.ShouldBe(1, "only one check read the forecast");

        gate.Open();
        var ran = await (refused == alice ? bob : alice).WaitAsync(TimeSpan.FromSeconds(60), ct);
        StatusOf(ran).ShouldBe(200);
        (await timer.WaitAsync(TimeSpan.FromSeconds(60), ct)).ShouldNotBeNull("the timer ran once the lock was free");
        gate.Entries.ShouldBe(2, "the admin's check, then the timer's: never both at once");

        var requested = await AuditAsync(first, AuditKinds.HeatCheckRequested, ct);
        requested.ShouldHaveSingleItem("only the check that ran is audited").GetString("Actor").ShouldBe($"admin:{winner}");
        requested[0].GetString("Message").ShouldBe($"{winner} asked for a heat check now: site S9 was added");
    }

    [Fact]
    public async Task CheckNow_LockOfADeadHolder_RefusesUntilItRunsOut()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = Instance(azurite.RentAccount(), null);
        await ImportAsync(services, ct);
        var now = services.Clock.GetUtcNow();
        (await services.Get<HeatCheckStore>().TryTakeAsync("timer", now, now + HeatCheckRunner.Lease, ct)).ShouldNotBeNull();

        var refused = await services.Get<HeatCheckRunner>().RunRequestedAsync("alice", "new site", null, ct);
        refused.Ran.ShouldBeFalse();
        refused.Running!.Holder.ShouldBe("timer");

        // The holder died (it renews no more): once its lease has run out, the next check runs.
        services.Clock.Advance(HeatCheckRunner.Lease + TimeSpan.FromSeconds(1));
        (await services.Get<HeatCheckRunner>().RunRequestedAsync("alice", "new site", null, ct)).Ran.ShouldBeTrue();
        (await services.Get<HeatCheckRunner>().RunRequestedAsync("alice", "new site", null, ct)).Ran.ShouldBeTrue("a finished check lets go of the lock");
    }

    [Fact]
    public async Task Status_WarningSourceFailed_SaysWhyAndWhen()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = TestPaths.NewTempFolder();
        Directory.CreateDirectory(folder);
        await using var services = Instance(azurite.RentAccount(), null, new Dictionary<string, string?> { ["Warnings:Source"] = "folder", ["Warnings:FolderPath"] = folder });
        await ImportAsync(services, ct);
        var api = services.Get<HeatCheckApi>();
        (await JsonAsync(api.StatusAsync(AdminRequest(services, "alice"), ct))).GetProperty("last").ValueKind.ShouldBe(JsonValueKind.Null, "no check has run yet");

        Directory.Delete(folder, recursive: true);
        (await services.Get<HeatCheckRunner>().RunScheduledAsync("run-1", ct)).ShouldNotBeNull();

        var status = await JsonAsync(api.StatusAsync(AdminRequest(services, "alice"), ct));
        var last = status.GetProperty("last");
        last.GetProperty("by").GetString().ShouldBe("timer");
        last.GetProperty("finishedAt").GetDateTimeOffset().ShouldBe(services.Clock.GetUtcNow());
        last.GetProperty("sitesChecked").GetInt32().ShouldBe(1);
        last.GetProperty("weather").GetProperty("failed").GetBoolean().ShouldBeFalse();
        var warnings = last.GetProperty("warnings");
        warnings.GetProperty("failed").GetBoolean().ShouldBeTrue();
        warnings.GetProperty("source").GetString().ShouldBe("folder");
        warnings.GetProperty("reason").GetString()!.ShouldContain("does not exist");
        status.GetProperty("running").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Status_WeatherSourceFailed_SaysWhy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var weather = await FakeOpenMeteo.StartAsync(_ => 503);
        await using var services = Instance(azurite.RentAccount(), null, new Dictionary<string, string?>
        {
            ["Weather:Source"] = "open-meteo",
            ["Weather:OpenMeteoBaseUrl"] = weather.BaseUrl,
            ["Weather:RetryAttempts"] = "0",
        });
        await ImportAsync(services, ct);

        var result = await services.Get<HeatCheckApi>().CheckNowAsync(AdminRequest(services, "alice"));

        StatusOf(result).ShouldBe(502);
        var last = (await JsonAsync(services.Get<HeatCheckApi>().StatusAsync(AdminRequest(services, "alice"), ct))).GetProperty("last");
        last.GetProperty("by").GetString().ShouldBe("admin:alice");
        last.GetProperty("weather").GetProperty("failed").GetBoolean().ShouldBeTrue();
        last.GetProperty("weather").GetProperty("reason").GetString()!.ShouldStartWith("Open-Meteo answered 503");
        last.GetProperty("completed").GetBoolean().ShouldBeFalse();
    }

    private TestServices Instance(string account, WeatherGate? gate, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Weather:RecordingPath"] = ForecastBuilder.WriteFile(new DateOnly(2023, 6, 22), new ForecastBuilder.Location(39.80, 116.30, [38.0, 37.5, 37.0]));
        settings["Alerts:LookaheadDays"] = "0";
        return new TestServices(azurite, settings, account: account, configure: gate is null ? null : s =>
            s.AddSingleton<IWeatherSource>(sp => new GatedWeather(sp.GetRequiredService<RecordedWeatherSource>(), gate)));
    }

    private static async Task ImportAsync(TestServices services, CancellationToken ct)
    {
        var folder = TestPaths.NewTempFolder();
        await services.Get<CsvImporter>().ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,Yard,Shunyi,39.8,116.3,courier,40"), ct);
    }

    private static HttpRequest AdminRequest(TestServices services, string name)
    {
        var context = new DefaultHttpContext { RequestServices = services.Provider };
        context.Request.Headers[ClientPrincipal.HeaderName] = services.Get<DevelopmentTokens>().Create(name, [Caller.AdminRole], TimeSpan.FromHours(1));
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream("{\"reason\":\"site S9 was added\"}"u8.ToArray());
        return context.Request;
    }

    private static int StatusOf(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } status } ? status : 200;

    private static async Task<JsonElement> JsonAsync(Task<IResult> result) =>
        JsonSerializer.SerializeToElement(((IValueHttpResult)await result).Value, JsonSerializerOptions.Web);

    private static async Task<List<TableEntity>> AuditAsync(TestServices services, string kind, CancellationToken ct)
    {
        var audit = await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        return await audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {kind}"), cancellationToken: ct).ToListAsync(ct);
    }

    /// <summary>Holds every forecast read until opened, and counts them.</summary>
    private sealed class WeatherGate
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _entries;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Entries => Volatile.Read(ref _entries);

        public void Open() => _open.TrySetResult();

        public async Task PassAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _entries);
            Entered.TrySetResult();
            await _open.Task.WaitAsync(ct);
        }
    }

    private sealed class GatedWeather(RecordedWeatherSource inner, WeatherGate gate) : IWeatherSource
    {
        public async Task<IReadOnlyDictionary<string, LocationForecast>> GetForecastsAsync(IReadOnlyList<Site> sites, CancellationToken ct)
        {
            await gate.PassAsync(ct);
            return await inner.GetForecastsAsync(sites, ct);
        }
    }
}

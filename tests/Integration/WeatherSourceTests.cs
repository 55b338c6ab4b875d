using Azure.Data.Tables;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Weather;
using HeatRelief.HeatCheck;

namespace HeatRelief.Tests.Integration;

/// <summary>The live Open-Meteo source against a local fake of the API that counts requests.</summary>
public sealed class WeatherSourceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task OpenMeteo_ManySites_OneRequestPerThousandCellsAndSharedCells()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeOpenMeteo.StartAsync(_ => null);
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:Source"] = "open-meteo",
            ["Weather:OpenMeteoBaseUrl"] = api.BaseUrl,
        });

        // 2,500 cells of 0.1 degree, two sites in each: 5,000 sites, 2,500 locations.
        var sites = Enumerable.Range(0, 2500).SelectMany(i => new[]
        {
            new Site($"A{i}", "a", "d", 20 + ((i / 50) * 0.1) + 0.01, 100 + ((i % 50) * 0.1) + 0.01, "market", 1),
            new Site($"B{i}", "b", "d", 20 + ((i / 50) * 0.1) + 0.05, 100 + ((i % 50) * 0.1) + 0.05, "market", 1),
        }).ToList();

        var forecasts = await services.Get<IWeatherSource>().GetForecastsAsync(sites, ct);

        // About 600 two-decimal coordinate pairs fit the 8,000-character URL limit: 5 requests, not 2,500.
        api.Requests.Sum(r => r.Locations).ShouldBe(2500);
        api.Requests.Count.ShouldBe(5);
        api.Requests.ShouldAllBe(r => r.Query.Length < 8000);
        api.Requests.ShouldAllBe(r => r.Query.Contains("hourly=temperature_2m,relative_humidity_2m", StringComparison.Ordinal)
            && r.Query.Contains("daily=temperature_2m_max", StringComparison.Ordinal) && r.Query.Contains("timezone=auto", StringComparison.Ordinal)
            && r.Query.Contains("forecast_days=3", StringComparison.Ordinal));
        forecasts.Count.ShouldBe(5000);
        forecasts["A7"].ShouldBeSameAs(forecasts["B7"], "sites in one cell share one location");
        forecasts["A7"].ShouldNotBeSameAs(forecasts["A8"]);
    }

    [Theory]
    [InlineData(500, 4)]
    [InlineData(FakeOpenMeteo.Garbage, OpenMeteoWeatherSource.UnusableAnswerAttempts)]
    public async Task HeatCheck_WeatherSourceDown_AuditsAndChangesNoLevel(int status, int failedRequests)
    {
        var ct = TestContext.Current.CancellationToken;
        var failing = false;
        await using var api = await FakeOpenMeteo.StartAsync(_ => failing ? status : null);
        await using var services = new TestServices(azurite, new Dictionary<string, string?>
        {
            ["Weather:Source"] = "open-meteo",
            ["Weather:OpenMeteoBaseUrl"] = api.BaseUrl,
            ["Alerts:LookaheadDays"] = "0",
        });
        var folder = TestPaths.NewTempFolder();
        await services.Get<CsvImporter>().ImportSitesAsync(CsvFiles.Write(folder, "s.csv", CsvFiles.SitesHeader, "S1,One,Fengtai,39.8,116.3,market,10"), ct);
        await services.Get<HeatCheckService>().RunAsync("first", ct);
        var before = await services.Get<AlertStore>().ListAsync("2026-07-15", ct);
        before.Single().Alert.Level.ShouldBe(Heat.HeatLevel.Red);

        failing = true;
        await Should.ThrowAsync<Exception>(() => services.Get<HeatCheckService>().RunAsync("second", ct));

        api.Requests.Count.ShouldBe(1 + failedRequests, "a 500 is retried 3 times by the HTTP client; an answer that does not parse is asked for again twice");
        (await services.Get<AlertStore>().ListAsync("2026-07-15", ct)).Count.ShouldBe(1, "no all-clear for missing data");
        var audit = await services.Get<StorageClients>().TableAsync(TableNames.AuditLog, ct);
        var kinds = await audit.QueryAsync<TableEntity>(cancellationToken: ct).Select(e => e.GetString("Kind")).ToListAsync(ct);
        kinds.ShouldContain(AuditKinds.WeatherFailed);
    }
}

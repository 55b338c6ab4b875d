using System.Text.Json;
using HeatRelief.Bench;
using HeatRelief.Bench.Azurite;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>The benchmark's whole code path, small: its own Azurite, the fakes, the self-host, the figures.</summary>
public sealed class BenchTests
{
    private static readonly string[] RequiredKeys =
    [
        "sites", "recipients", "wallSeconds", "notificationsPerSecond", "storageTransactionsPerNotification", "queueMessagesPerNotification",
        "peakWorkingSetMb", "azuriteBatchInsertsPerSecond", "azuriteEnqueuesPerSecond", "fractionOfAzuriteInsertRate",
    ];

    [Fact]
    public async Task Bench_FiveSitesOfTen_DeliversEveryNotificationAndReportsEveryFigure()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new BenchOptions { Sites = 5, RecipientsPerSite = 10, WeatherSites = 300, Timeout = TimeSpan.FromSeconds(120) };

        var result = await BenchRun.RunAsync(options, TestPaths.Root, TextWriter.Null, ct);

        using var json = JsonDocument.Parse(result.ToJson());
        var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        keys.Take(RequiredKeys.Length).ShouldBe(RequiredKeys);
        RequiredKeys.ShouldAllBe(k => json.RootElement.GetProperty(k).ValueKind == JsonValueKind.Number);

        result.Completed.ShouldBeTrue();
        result.Sites.ShouldBe(5);
        result.Recipients.ShouldBe(50);
        result.NotificationsDelivered.ShouldBe(50);
        result.DuplicateDeliveries.ShouldBe(0);
        result.AlertsRaised.ShouldBe(5, "the heatwave raises every site, today only");
        result.VisitsRequested.ShouldBe(5);
        result.VisitsAssigned.ShouldBe(5, "every visit request is consumed and assigned before the run ends");
        result.VisitsUnassigned.ShouldBe(0);
        result.OfficerOffers.ShouldBe(5);
        result.NotificationsDelivered.ShouldBe(50, "officers' offers are not counted as notifications");
        result.WallSeconds.ShouldBeGreaterThan(0);
        result.NotificationsPerSecond.ShouldBeGreaterThan(0);

        // One work message for the day's five alerts (their recipients are told in-line, with no delivery message), and
        // one "assign day" message for the day's visits.
        result.QueueMessagesPerNotification.ShouldBe(2 / 50.0);
        result.StorageTransactionsPerNotification.ShouldBeGreaterThan(0);
        result.StorageTransactionsByKind.Keys.ShouldContain("queue DELETE", "the queue listeners' clients are counted too");
        result.StorageTransactionsByKind.Values.Sum().ShouldBe(result.StorageTransactions);
        result.PeakWorkingSetMb.ShouldBeGreaterThan(0);
        result.AzuriteBatchInsertsPerSecond.ShouldBeGreaterThan(0);
        result.AzuriteEnqueuesPerSecond.ShouldBeGreaterThan(0);
        result.FractionOfAzuriteInsertRate.ShouldBeGreaterThan(0);
        result.EntityWrites.ShouldBeGreaterThanOrEqualTo(2 * 50, "each notification's delivery claim and settle at least");
        result.EntityWritesPerNotification.ShouldBe(Math.Round(result.EntityWrites / 50.0, 4));
        result.MaxPartitionWriteShare.ShouldBeInRange(0.0001, 1);
        result.MaxWritePartition.ShouldContain('/');
        result.AzuriteCpuMsPerNotification.ShouldBeGreaterThan(0);
        result.HostCpuMsPerNotification.ShouldBeGreaterThan(0);
        result.AzuriteCpuMsPerInsertedEntity.ShouldBeGreaterThan(0);
        result.HostCpuMsPerInsertedEntity.ShouldBeGreaterThan(0);
        result.AzuriteInsertWarmUpEntities.ShouldBeInRange(AzuriteCeiling.MinWarmUpEntities, AzuriteCeiling.MaxWarmUpEntities);
        result.AzuriteInsertWarmUpRates.Count.ShouldBe((int)(result.AzuriteInsertWarmUpEntities / AzuriteCeiling.WarmUpRoundEntities));
        result.WeatherRequests.ShouldBe(1);
        result.WeatherCheckSites.ShouldBe(300);
        result.WeatherCheckRequests.ShouldBe(1, "300 sites fit one request");
    }

    [Theory]
    [InlineData(new[] { 1000.0, 1100.0 }, false)]
    [InlineData(new[] { 500.0, 1000.0, 1050.0, 1100.0 }, true)]
    [InlineData(new[] { 1000.0, 1100.0, 1200.0 }, false)]
    [InlineData(new[] { 1200.0, 1100.0, 1050.0, 2000.0 }, false)]
    public void AzuriteCeiling_IsSteady_WhenTheLastThreeRoundsAgreeWithin15Percent(double[] rates, bool steady) =>
        AzuriteCeiling.IsSteady(rates).ShouldBe(steady);

    [Theory]
    [InlineData("--sites", "0")]
    [InlineData("--sites", "many")]
    [InlineData("--recipients-per-site")]
    [InlineData("--fast")]
    public void BenchOptions_Parse_RejectsBadArguments(params string[] args) =>
        Should.Throw<ArgumentException>(() => BenchOptions.Parse(args));

    [Fact]
    public void BenchOptions_Parse_ReadsEveryOption()
    {
        var options = BenchOptions.Parse(["--sites", "20", "--recipients-per-site", "30", "--weather-sites", "40", "--timeout", "50", "--json"]);

        options.ShouldBe(new BenchOptions { Sites = 20, RecipientsPerSite = 30, WeatherSites = 40, Timeout = TimeSpan.FromSeconds(50), Json = true });
        options.Notifications.ShouldBe(600);
    }
}

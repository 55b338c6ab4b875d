using HeatRelief.Application;
using HeatRelief.Messaging;
using HeatRelief.Weather;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HeatRelief.Tests.Unit;

/// <summary>The weather client's retry policy runs to its end: the HttpClient's own 100 s timeout no longer cuts it short, and its total is bounded.</summary>
public sealed class HttpResilienceTests
{
    [Fact]
    public void TotalTimeout_IsAttemptsTimesPerAttemptPlusTheLongestBackoffs()
    {
        HttpResilience.MaxRetryDelay(3, TimeSpan.FromSeconds(1)).ShouldBe(TimeSpan.FromSeconds(4));
        HttpResilience.TotalTimeout(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)).ShouldBe(TimeSpan.FromSeconds((4 * 30) + (3 * 4) + 1));
        HttpResilience.TotalTimeout(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)).ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void WeatherClient_HasNoTimeoutOfItsOwn_SoTheConfiguredAttemptsAllRun()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Weather:RequestTimeoutSeconds"] = "40",
            ["Weather:RetryAttempts"] = "2",
        }).Build();
        using var provider = new ServiceCollection().AddHeatRelief(configuration).BuildServiceProvider();

        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(OpenMeteoWeatherSource.HttpClientName);

        // Three 40 s attempts are 120 s: a 100 s client timeout would end the third one early.
        client.Timeout.ShouldBe(Timeout.InfiniteTimeSpan);
    }
}

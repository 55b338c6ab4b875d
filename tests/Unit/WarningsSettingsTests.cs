using HeatRelief.Warnings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeatRelief.Tests.Unit;

/// <summary><c>Warnings__*</c> settings reach the parser and the classifier, and a bad one is refused naming its key.</summary>
public sealed class WarningsSettingsTests
{
    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddWarnings(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddWarnings_Settings_ReachTheParserAndTheClassifier()
    {
        using var provider = Provider(new() { ["Warnings:HeatEvents"] = "Canicule", ["Warnings:MaxDocumentBytes"] = "4096" });

        provider.GetRequiredService<CapParser>().MaxBytes.ShouldBe(4096);
        var classifier = provider.GetRequiredService<HeatClassifier>();
        classifier.Classify(new CapInfo("fr-FR", "Canicule", [], CapSeverity.Severe, "", "", null, null, null, "", "", "", "", [])).ShouldNotBeNull();
        classifier.Classify(new CapInfo("zh-CN", "高温", [], CapSeverity.Severe, "", "", null, null, null, "", "", "", "", [])).ShouldBeNull();
        provider.GetRequiredService<WarningFolder>().ShouldNotBeNull();
    }

    [Theory]
    [InlineData("Warnings:HeatEvents", " ; ", "HeatEvents")]
    [InlineData("Warnings:MaxDocumentBytes", "10", "MaxDocumentBytes")]
    public void AddWarnings_BadSetting_IsRefusedNamingTheKey(string key, string value, string named)
    {
        using var provider = Provider(new() { [key] = value });

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WarningsOptions>>().Value).Message.ShouldContain(named);
    }

    [Theory]
    [InlineData("cap-feed", null, "setting Warnings__FeedUrl: must be the Atom or RSS feed of CAP documents when Warnings:Source is 'cap-feed'")]
    [InlineData("cap-feed", "Warnings:FeedUrl=ftp://example.org/feed", "setting Warnings__FeedUrl: 'ftp://example.org/feed' is not an absolute http or https address")]
    [InlineData("cap-feed", "Warnings:FeedUrl=feeds/cap.atom", "setting Warnings__FeedUrl: 'feeds/cap.atom' is not an absolute http or https address")]
    [InlineData("qweather", "Warnings:QWeatherToken=t", "setting Warnings__QWeatherBaseUrl: must be your account's QWeather API host (https://..., from the QWeather console) when Warnings:Source is 'qweather'")]
    [InlineData("qweather", "Warnings:QWeatherBaseUrl=https://qweather.example", "setting Warnings__QWeatherToken: must be QWeather's bearer token when Warnings:Source is 'qweather'")]
    [InlineData("qweather", "Warnings:QWeatherBaseUrl=https://qweather.example;Warnings:QWeatherToken=@Microsoft.KeyVault(VaultName=kv;SecretName=qweather-token)", "setting Warnings__QWeatherToken: is a Key Vault reference that did not resolve")]
    public void AddWarnings_LiveSourceWithoutItsSettings_IsRefusedWithOneLineNamingTheSetting(string source, string? settings, string message)
    {
        var values = new Dictionary<string, string?> { ["Warnings:Source"] = source };
        foreach (var pair in (settings ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            values[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        using var provider = Provider(values);

        var failure = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WarningsOptions>>().Value);
        failure.Failures.ShouldHaveSingleItem().ShouldStartWith(message);
    }

    [Theory]
    [InlineData("cap-feed", typeof(CapFeedWarningSource))]
    [InlineData("qweather", typeof(QWeatherWarningSource))]
    [InlineData("none", typeof(NoWarningSource))]
    public void AddWarnings_Source_SelectsItsWarningSource(string source, Type expected)
    {
        var values = new Dictionary<string, string?>
        {
            ["Warnings:Source"] = source,
            ["Warnings:FeedUrl"] = "https://cap.example.org/feed.atom",
            ["Warnings:QWeatherBaseUrl"] = "https://qweather.example",
            ["Warnings:QWeatherToken"] = "t",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddWarnings(configuration);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IWarningSource>().ShouldBeOfType(expected);
    }
}

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
}

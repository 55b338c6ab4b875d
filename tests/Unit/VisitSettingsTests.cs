using HeatRelief.Visits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeatRelief.Tests.Unit;

/// <summary>Deployments from before the rename set <c>Assignments__*</c>; those settings still count unless <c>Visits__*</c> sets them.</summary>
public sealed class VisitSettingsTests
{
    private const string Key = "a-link-signing-key-of-32-characters-or-more";

    [Fact]
    public void AddVisits_FormerSectionOnly_IsRead()
    {
        var options = Bound(new()
        {
            ["Assignments:AcceptWithinMinutes"] = "15",
            ["Assignments:LinkSigningKey"] = Key,
            ["Assignments:AdminRecipients"] = "console:office",
        });

        options.AcceptWithinMinutes.ShouldBe(15);
        options.LinkSigningKey.ShouldBe(Key);
        options.AdminRecipients.ShouldBe("console:office");
    }

    [Fact]
    public void AddVisits_BothSections_CurrentWinsPerSetting()
    {
        var options = Bound(new()
        {
            ["Assignments:AcceptWithinMinutes"] = "15",
            ["Assignments:MaxAttempts"] = "5",
            ["Visits:AcceptWithinMinutes"] = "30",
            ["Visits:LinkSigningKey"] = Key,
        });

        options.AcceptWithinMinutes.ShouldBe(30, "Visits__ over Assignments__");
        options.MaxAttempts.ShouldBe(5, "what Visits__ leaves unset comes from Assignments__");
        options.MaxDistanceKm.ShouldBe(new VisitOptions().MaxDistanceKm, "neither set: the default");
    }

    [Fact]
    public void AddVisits_FormerSectionInvalid_IsRefusedNamingTheCurrentKey()
    {
        var refused = Should.Throw<OptionsValidationException>(() => Bound(new() { ["Assignments:AcceptWithinMinutes"] = "0", ["Visits:LinkSigningKey"] = Key }));
        refused.Message.ShouldContain("AcceptWithinMinutes");
    }

    private static VisitOptions Bound(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddVisits(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<VisitOptions>>().Value;
    }
}

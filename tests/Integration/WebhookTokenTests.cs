using HeatRelief.Delivery;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Integration;

/// <summary>The configured webhook token reaches generic webhooks as a bearer token, and nothing is sent without one.</summary>
public sealed class WebhookTokenTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("s3cret-token", "Bearer s3cret-token")]
    [InlineData("", null)]
    public async Task WebhookChannel_Send_CarriesTheConfiguredBearerToken(string token, string? expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Webhook:Token"] = token });
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        var outcome = await channel.SendAsync(new Notification("A1:R1", Channels.Webhook, webhooks.Url("/hook"), "zh", "title", "body", new Dictionary<string, object?>()), ct);

        outcome.Delivered.ShouldBeTrue();
        webhooks.Calls.ShouldHaveSingleItem().Authorization.ShouldBe(expected);
    }
}

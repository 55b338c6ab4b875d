using System.Text;
using System.Text.Json;
using HeatRelief.Delivery;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Notifications;

namespace HeatRelief.Tests.Integration;

/// <summary>
/// What a webhook post looks like on the wire and where it may go: a buffered body with Content-Length, a
/// Standard Webhooks signature instead of a shared bearer token, private targets refused when connecting,
/// redirects not followed.
/// </summary>
public sealed class WebhookDeliveryTests(AzuriteFixture azurite)
{
    private static Notification To(string url, string key = "A1:R1") =>
        new(key, Channels.Webhook, url, "zh", "【高温红色预警】工地", "请停止户外作业。", new Dictionary<string, object?> { ["level"] = "red" });

    [Fact]
    public async Task WebhookChannel_Send_MinimalReceiverReadsTheWholeBodyByContentLength()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = RawWebhookReceiver.Start();
        await using var services = new TestServices(azurite);
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        var outcome = await channel.SendAsync(To(receiver.Url("/hook")), ct);

        var request = receiver.Requests.ShouldHaveSingleItem();
        request.Headers.ShouldNotContainKey("transfer-encoding");
        request.Headers.ShouldContainKey("content-length");
        outcome.Delivered.ShouldBeTrue(outcome.Reason);
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("title").GetString().ShouldBe("【高温红色预警】工地");
        body.RootElement.GetProperty("idempotencyKey").GetString().ShouldBe("A1:R1");
    }

    [Fact]
    public async Task WebhookChannel_Send_SignsAsStandardWebhooksAndSendsNoBearerToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = new TestServices(azurite);
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        var outcome = await channel.SendAsync(To(webhooks.Url("/hook"), "S1_20260715_red:R-7"), ct);

        outcome.Delivered.ShouldBeTrue(outcome.Reason);
        var call = webhooks.Calls.ShouldHaveSingleItem();
        call.Authorization.ShouldBeNull("no token that every receiver trusts goes to any receiver");
        call.WebhookId.ShouldBe("S1_20260715_red:R-7");
        call.Timestamp.ShouldBe(services.Clock.GetUtcNow().ToUnixTimeSeconds());
        call.SignatureValid.ShouldBe(true);
    }

    [Fact]
    public async Task WebhookChannel_Send_SignatureDoesNotVerifyForATamperedBodyOrAnotherSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = RawWebhookReceiver.Start();
        await using var services = new TestServices(azurite);
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        (await channel.SendAsync(To(receiver.Url("/hook")), ct)).Delivered.ShouldBeTrue();

        var request = receiver.Requests.ShouldHaveSingleItem();
        var (id, timestamp, signature) = (request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"]);
        signature.ShouldStartWith("v1,");
        WebhookSink.Verify(TestServices.WebhookSigningSecret, id, timestamp, request.Body, signature).ShouldBeTrue();
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body).Replace("\"level\":\"red\"", "\"level\":\"off\"", StringComparison.Ordinal));
        tampered.ShouldNotBe(request.Body);
        WebhookSink.Verify(TestServices.WebhookSigningSecret, id, timestamp, tampered, signature).ShouldBeFalse();
        WebhookSink.Verify(TestServices.WebhookSigningSecret, id, (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Body, signature).ShouldBeFalse();
        WebhookSink.Verify("whsec_" + Convert.ToBase64String(new byte[32]), id, timestamp, request.Body, signature).ShouldBeFalse();
        request.Headers.ShouldNotContainKey("authorization");
    }

    [Fact]
    public async Task WebhookChannel_Send_WithoutSecret_PostsUnsignedButIdentified()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Webhook:SigningSecret"] = string.Empty });
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        (await channel.SendAsync(To(webhooks.Url("/hook")), ct)).Delivered.ShouldBeTrue();

        var call = webhooks.Calls.ShouldHaveSingleItem();
        call.SignatureValid.ShouldBeNull();
        call.WebhookId.ShouldBe("A1:R1");
        call.Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task WebhookChannel_Send_LoopbackNotAllowed_RefusedAtConnectPermanentlyWithReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Webhook:AllowedPrivateTargets"] = string.Empty });
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        var outcome = await channel.SendAsync(To(webhooks.Url("/hook")), ct);

        outcome.Delivered.ShouldBeFalse("a refused target is a permanent failure, not a retry");
        outcome.Reason.ShouldBe("webhook target refused: 127.0.0.1 is a loopback address (127.0.0.0/8); webhooks go to public addresses only (Webhook__AllowedPrivateTargets lists exceptions)");
        webhooks.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task WebhookChannel_Send_NameResolvingToLoopback_RefusedAfterResolution()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        // Allowed by address only: a name is judged on every address it resolves to (localhost: 127.0.0.1 and ::1).
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Webhook:AllowedPrivateTargets"] = "10.9.9.9/32" });
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        var outcome = await channel.SendAsync(To($"http://localhost:{webhooks.Port}/hook"), ct);

        outcome.Delivered.ShouldBeFalse();
        outcome.Reason!.ShouldStartWith("webhook target refused: localhost (");
        outcome.Reason.ShouldContain("loopback address");
        webhooks.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task WebhookChannel_Send_StorageEndpointRefusedEvenWhenLoopbackIsAllowed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new TestServices(azurite, new Dictionary<string, string?> { ["Webhook:AllowedPrivateTargets"] = "127.0.0.0/8" });
        var table = services.Get<Azure.Data.Tables.TableServiceClient>().Uri;
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        var outcome = await channel.SendAsync(To(new Uri(table, "/devstoreaccount1/Tables").ToString()), ct);

        outcome.Delivered.ShouldBeFalse();
        outcome.Reason.ShouldBe($"webhook target refused: {table.Host}:{table.Port} is HeatRelief's own storage account; webhooks never go there");
    }

    [Fact]
    public async Task WebhookChannel_Send_RedirectNotFollowed_PermanentFailureWithReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var webhooks = await WebhookSink.StartAsync();
        webhooks.Respond = (path, _) => path == "/hook" ? 307 : 200;
        await using var services = new TestServices(azurite);
        var channel = services.Get<NotificationChannels>().Find(Channels.Webhook)!;

        var outcome = await channel.SendAsync(To(webhooks.Url("/hook")), ct);

        outcome.Delivered.ShouldBeFalse();
        outcome.Reason.ShouldBe($"webhook 127.0.0.1 answered 307 (redirect to 127.0.0.1:{webhooks.Port}); redirects are not followed");
        webhooks.Calls.Select(c => c.Path).ShouldBe(["/hook"], "the Location was not visited");
    }
}

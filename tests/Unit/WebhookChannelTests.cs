using System.Net;
using System.Text.Json;
using HeatRelief.Delivery;
using HeatRelief.Storage;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using HeatRelief.Notifications;

namespace HeatRelief.Tests.Unit;

/// <summary>Robot detection and the JSON body posted to robots and to generic webhooks.</summary>
public sealed class WebhookChannelTests
{
    private static readonly Uri WeCom = new("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x");
    private static readonly Uri DingTalk = new("https://oapi.dingtalk.com/robot/send?access_token=x");
    private static readonly Uri Generic = new("https://hooks.example.com/heat");

    private static Notification Sample() => new(
        "S1_20260715_orange:R-1", Channels.Webhook, Generic.ToString(), "zh", "【高温橙色预警】工地 2026-07-15", "请多喝水。",
        new Dictionary<string, object?> { ["level"] = "orange", ["siteId"] = "S1" });

    // Serialized the way the channel posts it, then read back as plain JSON.
    private static JsonElement PayloadJson(Uri uri) =>
        JsonDocument.Parse(JsonSerializer.Serialize(WebhookChannel.Payload(uri, Sample()), MessageJson.Options)).RootElement;

    [Fact]
    public void WebhookChannel_IsRobot_RecognisesWeComAndDingTalk()
    {
        WebhookChannel.IsRobot(WeCom).ShouldBeTrue();
        WebhookChannel.IsRobot(DingTalk).ShouldBeTrue();
    }

    [Theory]
    [InlineData("https://hooks.example.com/heat")]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/other")]
    [InlineData("https://oapi.dingtalk.com/other/send")]
    [InlineData("https://example.com/robot/send")]
    public void WebhookChannel_IsRobot_RefusesOtherUrls(string url)
    {
        WebhookChannel.IsRobot(new Uri(url)).ShouldBeFalse();
    }

    [Fact]
    public void WebhookChannel_IsRobot_IgnoresHostCase()
    {
        WebhookChannel.IsRobot(new Uri("https://QYAPI.Weixin.QQ.com/cgi-bin/webhook/send?key=x")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=x")]
    public void WebhookChannel_Payload_SendsRobotTextMessage(string url)
    {
        var json = PayloadJson(new Uri(url));

        json.GetProperty("msgtype").GetString().ShouldBe("text");
        json.GetProperty("text").GetProperty("content").GetString().ShouldBe("【高温橙色预警】工地 2026-07-15\n请多喝水。");
        json.TryGetProperty("idempotencyKey", out _).ShouldBeFalse();
        json.EnumerateObject().Select(p => p.Name).ShouldBe(["msgtype", "text"]);
    }

    [Fact]
    public void WebhookChannel_Payload_SendsFullDocumentToGenericUrl()
    {
        var json = PayloadJson(Generic);

        json.GetProperty("idempotencyKey").GetString().ShouldBe("S1_20260715_orange:R-1");
        json.GetProperty("language").GetString().ShouldBe("zh");
        json.GetProperty("title").GetString().ShouldBe("【高温橙色预警】工地 2026-07-15");
        json.GetProperty("body").GetString().ShouldBe("请多喝水。");
        json.GetProperty("data").GetProperty("level").GetString().ShouldBe("orange");
        json.GetProperty("data").GetProperty("siteId").GetString().ShouldBe("S1");
        json.TryGetProperty("msgtype", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=x")]
    public async Task WebhookChannel_Send_RobotsGetNoSignatureHeadersAsBefore(string url)
    {
        var (channel, handler) = Channel();

        (await channel.SendAsync(Sample() with { Address = url }, TestContext.Current.CancellationToken)).Delivered.ShouldBeTrue();

        var request = handler.Requests.ShouldHaveSingleItem();
        request.Headers.Select(h => h.Key).ShouldBe(["Idempotency-Key"]);
        request.ContentLength.ShouldBe(request.Body.Length);
    }

    [Fact]
    public async Task WebhookChannel_Send_GenericWebhookGetsStandardWebhooksHeadersAndNoAuthorization()
    {
        var (channel, handler) = Channel();

        (await channel.SendAsync(Sample(), TestContext.Current.CancellationToken)).Delivered.ShouldBeTrue();

        var request = handler.Requests.ShouldHaveSingleItem();
        request.Headers.Select(h => h.Key).Order(StringComparer.Ordinal).ShouldBe(["Idempotency-Key", "webhook-id", "webhook-signature", "webhook-timestamp"]);
        var header = request.Headers.ToDictionary(h => h.Key, h => h.Value);
        header["webhook-timestamp"].ShouldBe("1784080800");
        WebhookSink.Verify(TestServices.WebhookSigningSecret, header["webhook-id"], header["webhook-timestamp"], request.Body, header["webhook-signature"]).ShouldBeTrue();
        request.ContentLength.ShouldBe(request.Body.Length);
    }

    [Theory]
    [InlineData("s3cret-token", "expected 'whsec_'")]
    [InlineData("whsec_not base64!", "not base64")]
    [InlineData("whsec_c2hvcnQ=", "the key is 5 bytes")]
    public void WebhookSignature_KeyProblem_RefusesSecretsThatAreNotWhsecKeys(string secret, string problem)
    {
        WebhookSignature.KeyProblem(secret).ShouldNotBeNull().ShouldContain(problem);
        WebhookSignature.KeyProblem(TestServices.WebhookSigningSecret).ShouldBeNull();
    }

    private static (WebhookChannel Channel, RecordingHandler Handler) Channel()
    {
        var handler = new RecordingHandler();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new WebhookOptions { SigningSecret = TestServices.WebhookSigningSecret });
        return (new WebhookChannel(new OneClientFactory(handler), options, clock), handler);
    }

    private sealed record RecordedRequest(IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, long? ContentLength);

    /// <summary>Answers 200 to everything and keeps each request's own headers (not the content's) and body.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<RecordedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Read before the body is buffered, as a handler writing to the wire would see it.
            var length = request.Content?.Headers.ContentLength;
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Requests.Add(new RecordedRequest([.. request.Headers.Select(h => KeyValuePair.Create(h.Key, string.Join(",", h.Value)))], body, length));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    private sealed class OneClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}

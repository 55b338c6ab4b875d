using System.Text.Json;
using HeatRelief.Delivery;
using HeatRelief.Storage;

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
}

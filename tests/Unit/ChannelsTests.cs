using HeatRelief.Delivery;
using HeatRelief.Notifications;

namespace HeatRelief.Tests.Unit;

/// <summary>Address checks per notification channel.</summary>
public sealed class ChannelsTests
{
    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")]
    [InlineData("http://hooks.example.com:8080/hook")]
    public void Channels_AddressProblem_AcceptsHttpWebhook(string address)
    {
        Channels.AddressProblem(Channels.Webhook, address, WebhookTargets.Strict).ShouldBeNull();
    }

    [Fact]
    public void Channels_AddressProblem_RefusesLocalhostWebhookWhenTargetsAreChecked()
    {
        Channels.AddressProblem(Channels.Webhook, "http://localhost:7071/api/admin/poison", WebhookTargets.Strict)
            .ShouldBe("'http://localhost:7071/***' is not an allowed webhook target: localhost (127.0.0.1) is a loopback address (127.0.0.0/8); webhooks go to public addresses only (Webhook__AllowedPrivateTargets lists exceptions)");
        Channels.AddressProblem(Channels.Webhook, "http://localhost:7071/hook").ShouldBeNull("without targets only the form is checked");
    }

    [Fact]
    public void Channels_AddressProblem_RefusesNonHttpWebhook()
    {
        Channels.AddressProblem(Channels.Webhook, "ftp://example.com/hook")
            .ShouldBe("'ftp://example.com/hook' is not an absolute http(s) URL");
    }

    [Fact]
    public void Channels_AddressProblem_RefusesRelativeWebhook()
    {
        Channels.AddressProblem(Channels.Webhook, "hooks/abc").ShouldBe("'hooks/abc' is not an absolute http(s) URL");
    }

    [Fact]
    public void Channels_AddressProblem_AcceptsEmail()
    {
        Channels.AddressProblem(Channels.Email, "wang@example.com").ShouldBeNull();
    }

    [Fact]
    public void Channels_AddressProblem_RefusesEmailWithoutAtSignAndMasksIt()
    {
        Channels.AddressProblem(Channels.Email, "13812345678").ShouldBe("'138****5678' is not an e-mail address");
    }

    [Fact]
    public void Channels_AddressProblem_RefusesTwoEmailAddresses()
    {
        Channels.AddressProblem(Channels.Email, "wang@example.com,li@example.com")
            .ShouldBe("'w***@example.com,l***@example.com' is not an e-mail address");
    }

    [Fact]
    public void Channels_AddressProblem_AcceptsConsoleUpTo256Characters()
    {
        Channels.AddressProblem(Channels.Console, new string('a', 256)).ShouldBeNull();
    }

    [Fact]
    public void Channels_AddressProblem_RefusesConsoleLongerThan256Characters()
    {
        Channels.AddressProblem(Channels.Console, new string('a', 257)).ShouldBe("address is longer than 256 characters");
    }

    [Fact]
    public void Channels_AddressProblem_NamesUnknownChannelAndTheKnownOnes()
    {
        Channels.AddressProblem("sms", "13812345678").ShouldBe("unknown channel 'sms' (expected webhook, email, console)");
    }
}

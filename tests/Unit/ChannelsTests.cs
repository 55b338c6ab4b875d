using HeatRelief.Delivery;

namespace HeatRelief.Tests.Unit;

/// <summary>Address checks per notification channel.</summary>
public sealed class ChannelsTests
{
    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")]
    [InlineData("http://localhost:7071/hook")]
    public void Channels_AddressProblem_AcceptsHttpWebhook(string address)
    {
        Channels.AddressProblem(Channels.Webhook, address).ShouldBeNull();
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

using HeatRelief.Delivery;
using HeatRelief.Audit;

namespace HeatRelief.Tests.Unit;

/// <summary>Phone numbers, e-mail addresses and webhook tokens are masked before logs and audit.</summary>
public sealed class MaskingTests
{
    [Fact]
    public void Masking_MaskText_MasksPhoneNumberInsideText()
    {
        Masking.MaskText("call 13812345678 now").ShouldBe("call 138****5678 now");
    }

    [Fact]
    public void Masking_MaskText_LeavesLongerDigitRunsAlone()
    {
        // Twelve digits are not a mainland mobile number (the pattern refuses a digit on either side).
        Masking.MaskText("order 138123456789").ShouldBe("order 138123456789");
    }

    [Fact]
    public void Masking_Mask_MasksBarePhoneNumber()
    {
        Masking.Mask("13812345678").ShouldBe("138****5678");
    }

    [Fact]
    public void Masking_Mask_KeepsEmailDomain()
    {
        Masking.Mask("wang.li@example.com").ShouldBe("w***@example.com");
    }

    [Fact]
    public void Masking_MaskText_MasksEveryAddressInText()
    {
        Masking.MaskText("to wang@example.com and li@corp.cn, sms 15987654321")
            .ShouldBe("to w***@example.com and l***@corp.cn, sms 159****4321");
    }

    [Fact]
    public void Masking_Mask_KeepsOnlySchemeAndHostOfWebhookUrl()
    {
        Masking.Mask("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-token")
            .ShouldBe("https://qyapi.weixin.qq.com/***");
    }

    [Fact]
    public void Masking_Mask_KeepsNonDefaultPortOfWebhookUrl()
    {
        Masking.Mask("http://hooks.example.com:8080/t/abc123").ShouldBe("http://hooks.example.com:8080/***");
    }

    [Fact]
    public void Masking_Mask_ReturnsEmptyForNullOrEmpty()
    {
        Masking.Mask(null).ShouldBe(string.Empty);
        Masking.Mask(string.Empty).ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData("{\\u0022phone\\u0022:\\u002213812345678\\u0022}", "{\\u0022phone\\u0022:\\u0022138****5678\\u0022}")]
    [InlineData("name\\u003A+8613812345678", "name\\u003A+86****5678")]
    public void Masking_MaskText_MasksAPhoneNumberRightAfterAnEscapedCharacter(string text, string expected)
    {
        // A poison message's body is JSON inside JSON: a quote before the number is written \u0022, whose last
        // character is a digit. The number is still a whole number, and must not reach the audit trail.
        Masking.MaskText(text).ShouldBe(expected);
    }
}

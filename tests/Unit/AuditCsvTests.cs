using HeatRelief.Review;

namespace HeatRelief.Tests.Unit;

/// <summary>RFC 4180 fields, and no cell a spreadsheet would run as a formula.</summary>
public sealed class AuditCsvTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("新发地 market", "新发地 market")]
    public void AuditCsv_Field_QuotesOnlyWhatNeedsIt(string? value, string expected)
    {
        AuditCsv.Field(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("{\"reason\":\"van\"}", "{\"reason\":\"van\"}")]
    [InlineData("{\"reason\":\"\\u8F66\\u574F\\u4E86\"}", "{\"reason\":\"车坏了\"}")]
    [InlineData("{\"html\":\"\\u003Cb\\u003E \\u65B0\",\"n\":1.50}", "{\"html\":\"\\u003Cb\\u003E 新\",\"n\":1.50}")]
    [InlineData("{\"clipped\":\"\\u8F66...", "{\"clipped\":\"\\u8F66...")]
    public void AuditCsv_Readable_WritesEscapedChineseAsCharactersButKeepsHtmlEscapes(string? stored, string? expected)
    {
        AuditCsv.Readable(stored).ShouldBe(expected);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("a=b", "a=b")]
    public void AuditCsv_Field_NeutralisesFormulaCells(string value, string expected)
    {
        AuditCsv.Field(value).ShouldBe(expected);
    }

    [Fact]
    public void AuditCsv_Row_JoinsWithCommasAndEndsWithCrLf()
    {
        AuditCsv.Row(["a", null, "b,c"]).ShouldBe("a,,\"b,c\"\r\n");
    }
}

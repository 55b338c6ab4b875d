using HeatRelief.Sites;

namespace HeatRelief.Tests.Unit;

/// <summary>What an import warns about: Beijing district spellings, sites nobody hears of, one contact on several rows.</summary>
public sealed class DirectoryCheckTests
{
    private static Site Site(string id, string district) => new(id, $"Site {id}", district, 39.9, 116.4, "construction", 10);

    private static Recipient Recipient(string id, string siteId, string channel, string address, string role = "worker") => new(id, siteId, "Li", role, channel, address, "zh", null, null);

    private static Officer Officer(string id, string district) => new(id, id, district, 39.9, 116.4, "console", "13900000000", 3);

    [Theory]
    [InlineData("朝阳区", "Chaoyang")]
    [InlineData("朝阳", "chaoyang")]
    [InlineData(" Chaoyang District ", "朝阳区")]
    [InlineData("ChaoyangQu", "朝阳")]
    [InlineData("石景山区", "Shijingshan")]
    [InlineData("Some Town", "some town")]
    public void Districts_Same_MatchesBeijingDistrictsHoweverWritten(string a, string b) => Districts.Same(a, b).ShouldBeTrue();

    [Theory]
    [InlineData("朝阳区", "海淀区")]
    [InlineData("Chaoyang", "Changping")]
    public void Districts_Same_KeepsDifferentDistrictsApart(string a, string b) => Districts.Same(a, b).ShouldBeFalse();

    [Fact]
    public void DirectoryCheck_Warnings_NameSiteWithoutRecipientsUnmatchedDistrictAndSharedContact()
    {
        var warnings = DirectoryCheck.Warnings(
            [Site("S1", "朝阳区"), Site("S2", "Chaoyang"), Site("S3", "Chaoyng")],
            [
                Recipient("R1", "S1", "console", "13812345678", "foreman"), Recipient("R2", "S1", "console", "138-1234-5678"),
                Recipient("R3", "S2", "console", "13812345678", " Manager "), Recipient("R4", "S3", "email", "a@example.org"),
            ],
            [Officer("OF-1", "Chaoyang"), Officer("OF-2", "海淀区")]);

        warnings.ShouldBe(
        [
            "site S3 (Site S3) has no manager (role foreman/manager/safety-officer/site-manager): nobody can confirm its heat measures, so each orange or red day escalates to its officer and the admins",
            "site S3: district 'Chaoyng' matches no officer's district (Chaoyang, 海淀区); its visits go to the nearest officer of any district",
            "one console contact (138****5678) is on 3 recipient rows: R1 at S1, R2 at S1, R3 at S2; it is told once per alert of each of its 2 sites",
        ]);
    }

    [Fact]
    public void DirectoryCheck_Warnings_SiteWithNoRecipients()
    {
        DirectoryCheck.Warnings([Site("S1", "Chaoyang")], [], []).ShouldBe(["site S1 (Site S1) has no recipients: its alerts tell nobody there"]);
    }
}

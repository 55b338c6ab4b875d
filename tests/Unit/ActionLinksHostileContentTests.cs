using System.Security.Cryptography;
using System.Text;
using HeatRelief.Visits;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HeatRelief.Tests.Unit;

/// <summary>Links signed with the real key whose content is still hostile: refused, never thrown on.</summary>
public sealed class ActionLinksHostileContentTests
{
    private const string Key = "unit-test-link-signing-key-0123456789";

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero));

    private static readonly ActionLinks Links = new(Options.Create(new VisitOptions { LinkSigningKey = Key }), Clock);

    [Fact]
    public void ActionLinks_Verify_ReadsLinkItMade()
    {
        var (link, refusal) = Links.Verify(Links.Create("S1_20260715", "OF-1", LinkAction.Accept, Clock.GetUtcNow().AddHours(1)));

        refusal.ShouldBeNull();
        link.ShouldNotBeNull();
        (link.VisitId, link.OfficerId, link.Action).ShouldBe(("S1_20260715", "OF-1", LinkAction.Accept));
    }

    [Theory]
    [InlineData("S1/20260715", "OF-1")]
    [InlineData("S1_20260715", "OF#1")]
    [InlineData("<script>alert(1)</script>", "OF-1")]
    [InlineData("S1_20260715", "")]
    public void ActionLinks_Verify_RefusesSignedLinkNamingIdsThatAreNotTableKeys(string visitId, string officerId)
    {
        Links.Verify(Links.Create(visitId, officerId, LinkAction.Complete, Clock.GetUtcNow().AddHours(1))).Refusal.ShouldNotBeNull().Reason.ShouldBe(LinkRefusalReason.Invalid);
    }

    [Fact]
    public void ActionLinks_Verify_RefusesSignedExpiryPastTheLastRepresentableDate()
    {
        var payload = Encoding.UTF8.GetBytes("S1_20260715\nOF-1\naccept\n99999999999999999");
        var token = $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), payload))}";

        Links.Verify(token).Refusal.ShouldNotBeNull().Reason.ShouldBe(LinkRefusalReason.Invalid);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

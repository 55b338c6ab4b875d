using System.Security.Cryptography;
using System.Text;
using HeatRelief.Visits;
using HeatRelief.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HeatRelief.Tests.Unit;

/// <summary>One-tap link tokens: what they carry, and every way a link is refused without changing anything.</summary>
public sealed class ActionLinksTests
{
    private const string Id = "S1_20260715";

    private static readonly DateTimeOffset Now = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Expires = Now.AddHours(1);

    private readonly FakeTimeProvider _clock = new(Now);

    [Fact]
    public void ActionLinks_CreateThenVerify_ReturnsWhatWasSigned()
    {
        var links = Links();

        var (link, refusal) = links.Verify(links.Create(Id, "OF-001", LinkAction.Decline, Expires));

        refusal.ShouldBeNull();
        link.ShouldNotBeNull();
        (link.VisitId, link.OfficerId, link.Action, link.Expires).ShouldBe((Id, "OF-001", LinkAction.Decline, Expires));
        link.Fingerprint.ShouldMatch("^[0-9A-F]{64}$");
    }

    [Fact]
    public void ActionLinks_Create_IsUrlSafeAndDiffersInEveryField()
    {
        var links = Links();
        var tokens = new[]
        {
            links.Create(Id, "OF-001", LinkAction.Accept, Expires),
            links.Create(Id, "OF-002", LinkAction.Accept, Expires),
            links.Create(Id, "OF-001", LinkAction.Decline, Expires),
            links.Create(Id, "OF-001", LinkAction.Complete, Expires),
            links.Create(Id, "OF-001", LinkAction.Accept, Expires.AddSeconds(1)),
            links.Create("S2_20260715", "OF-001", LinkAction.Accept, Expires),
        };

        tokens.ShouldAllBe(t => System.Text.RegularExpressions.Regex.IsMatch(t, "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$"));
        tokens.Select(t => links.Verify(t).Link!.Fingerprint).ShouldBeUnique();
        links.Create(Id, "OF-001", LinkAction.Accept, Expires).ShouldBe(tokens[0], "the same link twice is the same token");
    }

    [Fact]
    public void ActionLinks_Verify_RefusesFromTheExpiryOn()
    {
        var links = Links();
        var token = links.Create(Id, "OF-001", LinkAction.Accept, Expires);

        _clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        links.Verify(token).Link.ShouldNotBeNull();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var (link, refusal) = links.Verify(token);

        link.ShouldBeNull();
        refusal!.Reason.ShouldBe(LinkRefusalReason.Expired);
        refusal.ValidUntil.ShouldBe(Expires);
    }

    [Fact]
    public void ActionLinks_Verify_RefusesALinkSignedWithAnotherKey()
    {
        var foreign = Links("another-link-signing-key-0123456789abcdef").Create(Id, "OF-001", LinkAction.Accept, Expires);

        Links().Verify(foreign).Refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid);
    }

    [Fact]
    public void ActionLinks_Verify_RefusesEveryOneCharacterChangeThatIsNotTheSameBytes()
    {
        var links = Links();
        var token = links.Create(Id, "OF-001", LinkAction.Accept, Expires);
        var original = links.Verify(token).Link!;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.% ";
        var respelt = new List<int>();

        for (var i = 0; i < token.Length; i++)
        {
            foreach (var c in alphabet.Where(c => c != token[i]))
            {
                var changed = string.Concat(token.AsSpan(0, i), c.ToString(), token.AsSpan(i + 1));
                var (link, refusal) = links.Verify(changed);
                if (link is null)
                {
                    refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid, changed);
                    continue;
                }

                // Base64 ignores the unused low bits of a last character: another spelling of the same bytes
                // is the same link, with the same fingerprint, so a used link stays used however it is spelt.
                link.ShouldBe(original, changed);
                link.Fingerprint.ShouldBe(original.Fingerprint);
                respelt.Add(i);
            }
        }

        respelt.Distinct().ShouldAllBe(i => i == dot - 1 || i == token.Length - 1);
        respelt.Count(i => i == token.Length - 1).ShouldBe(3, "a 32-byte signature leaves two unused bits");
    }

    [Fact]
    public void ActionLinks_Verify_RefusesSwappedPartsOfTwoGoodLinks()
    {
        var links = Links();
        var mine = links.Create(Id, "OF-001", LinkAction.Accept, Expires);
        var theirs = links.Create(Id, "OF-002", LinkAction.Accept, Expires);

        var swapped = theirs[..theirs.IndexOf('.', StringComparison.Ordinal)] + mine[mine.IndexOf('.', StringComparison.Ordinal)..];

        links.Verify(swapped).Refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("a.b.c")]
    [InlineData("YWJj.YWJj")]
    [InlineData("YWJj.YWJj=")]
    [InlineData("YW+j.YW/j")]
    [InlineData("Y.Y")]
    [InlineData("链接.签名")]
    public void ActionLinks_Verify_RefusesMalformedTokens(string? token)
    {
        var (link, refusal) = Links().Verify(token);

        link.ShouldBeNull();
        refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid);
    }

    [Fact]
    public void ActionLinks_Verify_RefusesTokensLongerThan1024Characters()
    {
        var links = Links();
        var token = links.Create(new string('S', 900) + "_20260715", "OF-001", LinkAction.Accept, Expires);

        token.Length.ShouldBeGreaterThan(1024);
        links.Verify(token).Refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid);
    }

    [Theory]
    [InlineData("S1_20260715\nOF-001\naccept")]
    [InlineData("S1_20260715\nOF-001\naccept\n1784084400\nextra")]
    [InlineData("S1_20260715\nOF-001\napprove\n1784084400")]
    [InlineData("S1_20260715\nOF-001\naccept\n-1784084400")]
    [InlineData("S1_20260715\nOF-001\naccept\n+1784084400")]
    [InlineData("S1_20260715\nOF-001\naccept\nsoon")]
    public void ActionLinks_Verify_RefusesSignedPayloadsOfAnotherShape(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var token = $"{Base64Url(bytes)}.{Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestServices.LinkSigningKey), bytes))}";

        Links().Verify(token).Refusal!.Reason.ShouldBe(LinkRefusalReason.Invalid);
    }

    [Fact]
    public void ActionLinks_Verify_TakesAPayloadSignedIndependently()
    {
        // The format is documented (payload.signature, base64url, HMAC-SHA256 of the payload): check it from outside.
        var bytes = Encoding.UTF8.GetBytes($"{Id}\nOF-001\ncomplete\n{Expires.ToUnixTimeSeconds()}");
        var token = $"{Base64Url(bytes)}.{Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestServices.LinkSigningKey), bytes))}";

        Links().Verify(token).Link.ShouldBe(new ActionLink(Id, "OF-001", LinkAction.Complete, Expires) { Fingerprint = Convert.ToHexString(SHA256.HashData(bytes)) });
        Links().Create(Id, "OF-001", LinkAction.Complete, Expires).ShouldBe(token);
    }

    [Theory]
    [InlineData("https://heatrelief.example")]
    [InlineData("https://heatrelief.example/")]
    public void ActionLinks_Url_PointsAtTheLinkRouteUnderThePublicBaseUrl(string baseUrl)
    {
        Links(baseUrl: baseUrl).Url("abc.def").ShouldBe("https://heatrelief.example/api/links/abc.def");
    }

    private ActionLinks Links(string key = TestServices.LinkSigningKey, string baseUrl = "http://localhost:7071") =>
        new(Options.Create(new VisitOptions { LinkSigningKey = key, PublicBaseUrl = baseUrl }), _clock);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

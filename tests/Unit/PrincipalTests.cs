using System.Security.Cryptography;
using System.Text;
using HeatRelief.Api;
using HeatRelief.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HeatRelief.Tests.Unit;

/// <summary>Who a request's caller is: the App Service principal header (Azure) and signed development tokens (self-host).</summary>
public sealed class PrincipalTests
{
    private const string EmailClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    private const string RoleClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    private static readonly DateTimeOffset Now = new(2026, 7, 15, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);

    [Fact]
    public void AppServicePrincipalReader_EntraPrincipal_ReadsUserPrincipalNameAndRoles()
    {
        // The shape App Service Authentication sends for Entra ID: claims in token order, the display name
        // ("name") before the user principal name, no e-mail claim although name_typ names it.
        var header = Encode($$"""
            {"auth_typ":"aad","name_typ":"{{EmailClaim}}","role_typ":"{{RoleClaim}}","claims":[
              {"typ":"aud","val":"api://heatrelief"},
              {"typ":"iss","val":"https://login.microsoftonline.com/tenant/v2.0"},
              {"typ":"name","val":"Li Na"},
              {"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"5b5450db-eb26-4c1a-981c-ba1d25f0483d"},
              {"typ":"preferred_username","val":"li.na@union.example"},
              {"typ":"roles","val":"officer"},
              {"typ":"roles","val":"admin"},
              {"typ":"groups","val":"f08bbbea-b793-4a36-a5fc-136c18d8aa8f"}]}
            """);

        var signIn = new AppServicePrincipalReader().Read(Request(header));

        signIn.Problem.ShouldBeNull();
        signIn.Caller.ShouldNotBeNull();
        signIn.Caller.Name.ShouldBe("li.na@union.example");
        signIn.Caller.Roles.ShouldBe(["officer", "admin"], ignoreOrder: true);
        signIn.Caller.IsAdmin.ShouldBeTrue();
        signIn.Caller.IsOfficer.ShouldBeTrue();
    }

    [Fact]
    public void AppServicePrincipalReader_NameTypeClaimPresent_NamesTheCallerByIt()
    {
        var header = Encode($$"""
            {"auth_typ":"aad","name_typ":"{{EmailClaim}}","role_typ":"{{RoleClaim}}","claims":[
              {"typ":"name","val":"Li Na"},{"typ":"preferred_username","val":"lina@tenant.example"},{"typ":"{{EmailClaim}}","val":"li.na@union.example"}]}
            """);

        new AppServicePrincipalReader().Read(Request(header)).Caller!.Name.ShouldBe("li.na@union.example");
    }

    [Fact]
    public void AppServicePrincipalReader_RoleType_NamesWhichClaimsAreRoles()
    {
        var header = Encode($$"""
            {"auth_typ":"aad","name_typ":"name","role_typ":"{{RoleClaim}}","claims":[
              {"typ":"name","val":"OF-001"},
              {"typ":"{{RoleClaim}}","val":"officer"},
              {"typ":"roles","val":"admin"},
              {"typ":"role","val":"superuser"},
              {"typ":"groups","val":"officer-group"},
              {"typ":"{{RoleClaim}}","val":""}]}
            """);

        var caller = new AppServicePrincipalReader().Read(Request(header)).Caller!;

        caller.Name.ShouldBe("OF-001");
        caller.Roles.ShouldBe(["officer", "admin"], ignoreOrder: true);
    }

    [Fact]
    public void AppServicePrincipalReader_RolesOnlyOfAnotherType_GiveNoHeatReliefRole()
    {
        var header = Encode("""{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"name","val":"OF-001"},{"typ":"groups","val":"officer"},{"typ":"scp","val":"admin"}]}""");

        var caller = new AppServicePrincipalReader().Read(Request(header)).Caller!;

        caller.Roles.ShouldBeEmpty();
        caller.IsOfficer.ShouldBeFalse();
        caller.IsAdmin.ShouldBeFalse();
    }

    [Fact]
    public void AppServicePrincipalReader_NoHeader_IsAnonymousWithoutAProblem()
    {
        var signIn = new AppServicePrincipalReader().Read(new DefaultHttpContext().Request);

        signIn.ShouldBe(SignIn.Anonymous);
    }

    public static TheoryData<string> GarbageHeaders() =>
    [
        "not base64 at all!",
        "   ",
        Encode("hello"),
        Encode("[]"),
        Encode("null"),
        Encode("42"),
        Encode("{}"),
        Encode("""{"claims":null}"""),
        Encode("""{"claims":[null]}"""),
        Encode("""{"claims":[{"typ":null,"val":null}]}"""),
        Encode("""{"claims":[{"typ":"name","val":5}]}"""),
        Encode("""{"claims":[{"typ":"name","val":"   "}]}"""),
        Encode("""{"claims":"name"}"""),
        Encode("""{"claims":[{"typ":"name","val":"OF-001"}""" + new string(']', 1)),
        Encode(new string('[', 100) + new string(']', 100)),
        Convert.ToBase64String([0xC3, 0x28, 0xFF, 0xFE]),
        Encode("""{"claims":[{"typ":"name","val":"OF-001"}],"name_typ":{"nested":true}}"""),
    ];

    [Theory]
    [MemberData(nameof(GarbageHeaders))]
    public void AppServicePrincipalReader_GarbageHeader_IsAProblemNotAnException(string header)
    {
        var signIn = new AppServicePrincipalReader().Read(Request(header));

        signIn.Caller.ShouldBeNull();
        signIn.Problem.ShouldBe("the client principal header is not a principal");
    }

    [Fact]
    public void AppServicePrincipalReader_NullClaim_IsSkipped()
    {
        var signIn = new AppServicePrincipalReader().Read(Request(Encode("""{"claims":[null,{"typ":"name","val":"OF-001"},null,{"typ":"roles","val":"officer"}]}""")));

        signIn.Caller!.Name.ShouldBe("OF-001");
        signIn.Caller.Roles.ShouldBe(["officer"]);
    }

    [Fact]
    public void ClientPrincipal_EncodeThenDecode_RoundTrips()
    {
        var principal = ClientPrincipal.For("OF-001", ["officer"], Now);

        var caller = ClientPrincipal.Decode(principal.Encode())!.ToCaller()!;

        caller.Name.ShouldBe("OF-001");
        caller.Roles.ShouldBe(["officer"]);
    }

    [Fact]
    public void DevelopmentTokens_CreateThenRead_NamesTheCallerWithTheirRoles()
    {
        var tokens = Tokens();
        var token = tokens.Create("OF-001", ["officer", "admin"], TimeSpan.FromHours(8));

        var signIn = tokens.Read(Request(token));

        signIn.Problem.ShouldBeNull();
        signIn.Caller!.Name.ShouldBe("OF-001");
        signIn.Caller.Roles.ShouldBe(["officer", "admin"], ignoreOrder: true);
        token.Split('.').Length.ShouldBe(2);
    }

    [Fact]
    public void DevelopmentTokens_TokenInTheCookie_IsReadLikeTheHeader()
    {
        var tokens = Tokens();
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{DevelopmentTokens.CookieName}={tokens.Create("duty", ["admin"], TimeSpan.FromHours(1))}";

        tokens.Read(context.Request).Caller!.IsAdmin.ShouldBeTrue();
    }

    [Fact]
    public void DevelopmentTokens_UnsignedPrincipal_IsRefused()
    {
        var unsigned = ClientPrincipal.For("OF-001", ["admin"], Now.AddHours(1)).Encode();

        var signIn = Tokens().Read(Request(unsigned));

        signIn.Caller.ShouldBeNull();
        signIn.Problem.ShouldBe("the principal is not signed by this host; unsigned headers are refused");
    }

    [Fact]
    public void DevelopmentTokens_SignedWithAnotherKey_IsRefused()
    {
        var foreign = Tokens("another-development-signing-key-0123456789").Create("OF-001", ["admin"], TimeSpan.FromHours(1));

        Tokens().Read(Request(foreign)).Problem.ShouldBe("the principal is not signed by this host; unsigned headers are refused");
    }

    [Fact]
    public void DevelopmentTokens_AnotherPrincipalUnderAGoodSignature_IsRefused()
    {
        var tokens = Tokens();
        var good = tokens.Create("OF-001", ["officer"], TimeSpan.FromHours(1));
        var forged = ClientPrincipal.For("OF-001", ["admin"], Now.AddHours(1)).Encode() + good[good.LastIndexOf('.')..];

        tokens.Read(Request(forged)).Caller.ShouldBeNull();
    }

    [Fact]
    public void DevelopmentTokens_FromTheExpiryOn_AreRefused()
    {
        var tokens = Tokens();
        var token = tokens.Create("OF-001", ["officer"], TimeSpan.FromHours(1));

        _clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        tokens.Read(Request(token)).Caller.ShouldNotBeNull();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var signIn = tokens.Read(Request(token));

        signIn.Caller.ShouldBeNull();
        signIn.Problem.ShouldBe("the development token has expired");
    }

    [Fact]
    public void DevelopmentTokens_SignInOff_RefusesEveryTokenAndCreatesNone()
    {
        var on = Tokens().Create("OF-001", ["officer"], TimeSpan.FromHours(1));
        var off = new DevelopmentTokens(Options.Create(new AuthOptions { DevelopmentSignIn = false, DevelopmentSigningKey = TestServices.DevelopmentSigningKey }), _clock);

        off.Enabled.ShouldBeFalse();
        off.Read(Request(on)).Problem.ShouldBe("development sign-in is off on this host (Auth__DevelopmentSignIn)");
        off.Read(new DefaultHttpContext().Request).ShouldBe(SignIn.Anonymous);
        Should.Throw<InvalidOperationException>(() => off.Create("OF-001", ["officer"], TimeSpan.FromHours(1))).Message.ShouldContain("Auth__DevelopmentSignIn=true");
    }

    [Theory]
    [InlineData("""{"auth_typ":"heatrelief-dev","claims":[{"typ":"name","val":"OF-001"},{"typ":"roles","val":"admin"}],"name_typ":"name","role_typ":"roles"}""", "the principal is not a development token")]
    [InlineData("""{"claims":[{"typ":"name","val":"OF-001"},{"typ":"exp","val":"soon"}]}""", "the principal is not a development token")]
    [InlineData("""{"claims":[{"typ":"roles","val":"admin"},{"typ":"exp","val":"1999999999"}]}""", "the principal names nobody")]
    [InlineData("""{"claims":[null,{"typ":"exp","val":"1999999999"}]}""", "the principal names nobody")]
    [InlineData("""not json""", "the principal is not a development token")]
    public void DevelopmentTokens_SignedButNotADevelopmentToken_IsRefused(string json, string problem)
    {
        var principal = Encode(json);

        var signIn = Tokens().Read(Request($"{principal}.{Sign(principal, TestServices.DevelopmentSigningKey)}"));

        signIn.Caller.ShouldBeNull();
        signIn.Problem.ShouldBe(problem);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("a.b.c")]
    [InlineData("名字.签名")]
    [InlineData("eyJ9.%%%")]
    public void DevelopmentTokens_GarbageHeader_IsAProblemNotAnException(string header)
    {
        var signIn = Tokens().Read(Request(header));

        signIn.Caller.ShouldBeNull();
        signIn.Problem.ShouldNotBeNullOrEmpty();
    }

    private DevelopmentTokens Tokens(string key = TestServices.DevelopmentSigningKey) =>
        new(Options.Create(new AuthOptions { DevelopmentSignIn = true, DevelopmentSigningKey = key }), _clock);

    private static HttpRequest Request(string principalHeader)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientPrincipal.HeaderName] = principalHeader;
        return context.Request;
    }

    private static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    /// <summary>The development token signature, computed independently: base64url HMAC-SHA256 of the principal text.</summary>
    private static string Sign(string principal, string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(principal))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

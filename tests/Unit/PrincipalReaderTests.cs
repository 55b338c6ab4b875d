using System.Security.Cryptography;
using System.Text;
using HeatRelief.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HeatRelief.Tests.Unit;

/// <summary>Principal headers that decode to odd shapes are refused, never thrown on.</summary>
public sealed class PrincipalReaderTests
{
    private const string Key = "unit-test-development-key-0123456789abcdef";

    private static readonly DevelopmentTokens Tokens = new(
        Options.Create(new AuthOptions { DevelopmentSignIn = true, DevelopmentSigningKey = Key }),
        new FakeTimeProvider(new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("""{"claims":[null]}""", "the principal is not a development token")]
    [InlineData("""{"claims":[null,{"typ":"name","val":"a"},{"typ":"exp","val":"1900000000"}]}""", null)]
    [InlineData("""{"claims":[{"typ":"name","val":"a"},{"typ":"exp","val":"99999999999999999"}]}""", "the principal is not a development token")]
    public void DevelopmentTokens_Read_RefusesOddSignedPrincipalsWithoutThrowing(string json, string? problem)
    {
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.ASCII.GetBytes(principal))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var signIn = Tokens.Read(Request($"{principal}.{signature}"));

        signIn.Problem.ShouldBe(problem);
        (signIn.Caller?.Name).ShouldBe(problem is null ? "a" : null);
    }

    [Fact]
    public void AppServicePrincipalReader_Read_SkipsNullClaims()
    {
        var header = Convert.ToBase64String("""{"claims":[null,{"typ":"name","val":"duty-admin"},{"typ":"roles","val":"admin"}]}"""u8.ToArray());

        var caller = new AppServicePrincipalReader().Read(Request(header)).Caller.ShouldNotBeNull();

        caller.Name.ShouldBe("duty-admin");
        caller.IsAdmin.ShouldBeTrue();
    }

    private static HttpRequest Request(string principal)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientPrincipal.HeaderName] = principal;
        return context.Request;
    }
}

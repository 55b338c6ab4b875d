using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HeatRelief.Api;

/// <summary>
/// Signed development tokens for the self-host: the same principal App Service would send, followed by
/// <c>.</c> and an HMAC-SHA256 of it, sent in the <c>X-MS-CLIENT-PRINCIPAL</c> header (or the dashboard's
/// cookie). Unsigned or wrongly signed headers are refused; with development sign-in off, every one is.
/// </summary>
public sealed class DevelopmentTokens(IOptions<AuthOptions> options, TimeProvider time) : IPrincipalReader
{
    public const string CookieName = "HeatRelief-Principal";

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly AuthOptions _options = options.Value;

    public bool Enabled => _options.DevelopmentSignIn;

    /// <summary>A token for a user with roles, valid for the given time.</summary>
    public string Create(string name, IEnumerable<string> roles, TimeSpan validFor)
    {
        if (!Enabled)
        {
            throw new InvalidOperationException("Development sign-in is off: set Auth__DevelopmentSignIn=true and Auth__DevelopmentSigningKey in local settings.");
        }

        var principal = ClientPrincipal.For(name, roles, time.GetUtcNow() + validFor).Encode();
        return $"{principal}.{Sign(principal)}";
    }

    public SignIn Read(HttpRequest request)
    {
        var value = request.Headers.TryGetValue(ClientPrincipal.HeaderName, out var header) && !string.IsNullOrEmpty(header)
            ? header.ToString()
            : request.Cookies.TryGetValue(CookieName, out var cookie) ? cookie : null;
        if (string.IsNullOrEmpty(value))
        {
            return SignIn.Anonymous;
        }

        if (!Enabled)
        {
            return new SignIn(null, "development sign-in is off on this host (Auth__DevelopmentSignIn)");
        }

        var dot = value.LastIndexOf('.');
        if (dot <= 0 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(value[(dot + 1)..]), Encoding.ASCII.GetBytes(Sign(value[..dot]))))
        {
            return new SignIn(null, "the principal is not signed by this host; unsigned headers are refused");
        }

        var principal = ClientPrincipal.Decode(value[..dot]);
        var expiry = principal?.Claims?.FirstOrDefault(c => c?.Type == "exp")?.Value;
        if (principal is null || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || unix > MaxUnixSeconds)
        {
            return new SignIn(null, "the principal is not a development token");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(unix) <= time.GetUtcNow())
        {
            return new SignIn(null, "the development token has expired");
        }

        var caller = principal.ToCaller();
        return caller is null ? new SignIn(null, "the principal names nobody") : new SignIn(caller, null);
    }

    private string Sign(string principal) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.DevelopmentSigningKey), Encoding.ASCII.GetBytes(principal)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// One-tap links: <c>payload.signature</c>, both base64url. The payload names the visit, officer, action
/// and expiry; the signature is HMAC-SHA256 over the payload with the configured key, compared in constant time.
/// </summary>
public sealed class ActionLinks(IOptions<VisitOptions> options, TimeProvider time)
{
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.LinkSigningKey);

    public string Create(string visitId, string officerId, LinkAction action, DateTimeOffset expires)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', visitId, officerId, action.ToString().ToLowerInvariant(),
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(_key, payload))}";
    }

    /// <summary>The public URL of a link's page.</summary>
    public string Url(string token) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/links/{token}";

    /// <summary>The link, or why it cannot be used. Nothing is changed either way.</summary>
    public (ActionLink? Link, LinkRefusal? Refusal) Verify(string? token)
    {
        var tampered = new LinkRefusal(LinkRefusalReason.Invalid);
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return (null, tampered);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryBase64Url(token[..dot], out var payload) || !TryBase64Url(token[(dot + 1)..], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
        {
            return (null, tampered);
        }

        // Signed is not enough: the ids become table keys and the expiry a date, so a link made by a bug (or with
        // a leaked key) must still name them in a form storage and the clock accept.
        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 4 || Messaging.MessageRules.Key(parts[0], "visitId") is not null || Messaging.MessageRules.Key(parts[1], "officerId") is not null
            || !Enum.TryParse<LinkAction>(parts[2], ignoreCase: true, out var action)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || unix > MaxUnixSeconds)
        {
            return (null, tampered);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(unix);
        if (time.GetUtcNow() >= expires)
        {
            return (null, new LinkRefusal(LinkRefusalReason.Expired, expires));
        }

        // Over the signed bytes, not the text: two spellings of the same base64 must count as the same link.
        var fingerprint = Convert.ToHexString(SHA256.HashData(payload));
        return (new ActionLink(parts[0], parts[1], action, expires) { Fingerprint = fingerprint }, null);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

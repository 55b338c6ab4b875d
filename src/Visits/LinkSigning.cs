using System.Security.Cryptography;

namespace HeatRelief.Visits;

/// <summary>
/// The signature of every one-tap link (visit actions, site acknowledgements): <c>payload.signature</c>, both
/// base64url, the signature HMAC-SHA256 over the payload, compared in constant time.
/// </summary>
public static class LinkSigning
{
    /// <summary>Longest token accepted; longer input is refused before any work.</summary>
    public const int MaxTokenLength = 1024;

    public static string Sign(byte[] key, byte[] payload) => $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(key, payload))}";

    /// <summary>The signed payload of a token, or null when it is malformed or its signature does not match.</summary>
    public static byte[]? Open(byte[] key, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && TryBase64Url(token[..dot], out var payload) && TryBase64Url(token[(dot + 1)..], out var signature)
            && CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload))
            ? payload
            : null;
    }

    /// <summary>Identifies one exact link over its signed bytes (two spellings of the same base64 are the same link).</summary>
    public static string Fingerprint(byte[] payload) => Convert.ToHexString(SHA256.HashData(payload));

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

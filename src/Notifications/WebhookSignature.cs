using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HeatRelief.Notifications;

/// <summary>
/// Standard Webhooks signatures: HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed by the
/// bytes of a <c>whsec_&lt;base64&gt;</c> secret, sent as <c>webhook-signature: v1,&lt;base64&gt;</c>.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>Fewest key bytes accepted; the specification recommends 24 to 64.</summary>
    public const int MinKeyBytes = 16;

    public const int MaxKeyBytes = 64;

    /// <summary>Why a secret is not a usable <c>whsec_</c> key, or null when it is.</summary>
    public static string? KeyProblem(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return $"expected '{SecretPrefix}' followed by base64 of {MinKeyBytes} to {MaxKeyBytes} random bytes";
        }

        var encoded = secret[SecretPrefix.Length..];
        if (!Base64.IsValid(encoded, out var length))
        {
            return $"the part after '{SecretPrefix}' is not base64";
        }

        return length is < MinKeyBytes or > MaxKeyBytes
            ? string.Create(CultureInfo.InvariantCulture, $"the key is {length} bytes; expected {MinKeyBytes} to {MaxKeyBytes}")
            : null;
    }

    /// <summary>The key bytes of a <c>whsec_</c> secret.</summary>
    public static byte[] Key(string secret) =>
        KeyProblem(secret) is { } problem ? throw new ArgumentException(problem, nameof(secret)) : Convert.FromBase64String(secret[SecretPrefix.Length..]);

    /// <summary>The <c>webhook-signature</c> header value for one post.</summary>
    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}

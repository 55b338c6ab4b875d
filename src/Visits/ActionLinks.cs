using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// One-tap links for visits (<see cref="LinkSigning"/>): the payload names the visit, officer, action and expiry,
/// signed with the configured key.
/// </summary>
public sealed class ActionLinks(IOptions<VisitOptions> options, TimeProvider time)
{
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.LinkSigningKey);

    public string Create(string visitId, string officerId, LinkAction action, DateTimeOffset expires) =>
        LinkSigning.Sign(_key, Encoding.UTF8.GetBytes(string.Join('\n', visitId, officerId, action.ToString().ToLowerInvariant(),
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))));

    /// <summary>The public URL of a link's page.</summary>
    public string Url(string token) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/links/{token}";

    /// <summary>The link, or why it cannot be used. Nothing is changed either way.</summary>
    public (ActionLink? Link, LinkRefusal? Refusal) Verify(string? token)
    {
        var tampered = new LinkRefusal(LinkRefusalReason.Invalid);
        if (LinkSigning.Open(_key, token) is not { } payload)
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
        return (new ActionLink(parts[0], parts[1], action, expires) { Fingerprint = LinkSigning.Fingerprint(payload) }, null);
    }
}

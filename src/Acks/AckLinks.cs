using System.Globalization;
using System.Text;
using HeatRelief.Messaging;
using HeatRelief.Visits;
using Microsoft.Extensions.Options;

namespace HeatRelief.Acks;

/// <summary>
/// Acknowledgement links for site managers, signed like the officers' one-tap links and with the same key
/// (<see cref="LinkSigning"/>): the payload starts with <c>ack</c> and has five fields, so neither kind of link is
/// ever taken for the other. Valid until the end of the heat day at the site.
/// </summary>
public sealed class AckLinks(IOptions<VisitOptions> options, TimeProvider time)
{
    private const string Marker = "ack";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.LinkSigningKey);

    public string Create(string siteId, DateOnly date, string recipientId, DateTimeOffset expires) =>
        LinkSigning.Sign(_key, Encoding.UTF8.GetBytes(string.Join('\n', Marker, siteId, Alerts.Alert.DateKeyOf(date), recipientId,
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))));

    /// <summary>The public URL of a link's form.</summary>
    public string Url(string token) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/acks/{token}";

    /// <summary>The link, or why it cannot be used. Nothing is changed either way.</summary>
    public (AckLink? Link, LinkRefusal? Refusal) Verify(string? token)
    {
        var tampered = new LinkRefusal(LinkRefusalReason.Invalid);
        if (LinkSigning.Open(_key, token) is not { } payload)
        {
            return (null, tampered);
        }

        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 5 || parts[0] != Marker || MessageRules.Key(parts[1], "siteId") is not null || MessageRules.Date(parts[2]) is not null
            || MessageRules.Key(parts[3], "recipientId") is not null
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || unix > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return (null, tampered);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(unix);
        if (time.GetUtcNow() >= expires)
        {
            return (null, new LinkRefusal(LinkRefusalReason.Expired, expires));
        }

        var date = DateOnly.ParseExact(parts[2], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (new AckLink(parts[1], date, parts[3], expires) { Fingerprint = LinkSigning.Fingerprint(payload) }, null);
    }
}

using System.Text;
using System.Xml;
using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Sites;
using Microsoft.Extensions.Options;

namespace HeatRelief.CapFeed;

/// <summary>
/// Writes the Atom feed of recent alerts (RFC 4287), newest first: each entry is one alert with its Chinese headline
/// and text and a link to its CAP 1.2 document, as CAP aggregators read such feeds.
/// </summary>
public sealed class CapAtomWriter(IOptions<CapFeedOptions> options, IOptions<HeatRulesOptions> rules)
{
    public const string Namespace = "http://www.w3.org/2005/Atom";

    /// <summary>The media type of the per-alert documents the entries link to.</summary>
    public const string CapMediaType = "application/cap+xml";

    public const string AtomMediaType = "application/atom+xml";

    private readonly CapFeedOptions _options = options.Value;

    /// <summary>
    /// The feed, UTF-8 without a byte order mark. <paramref name="entries"/> come newest first; <paramref name="capUrl"/>
    /// gives an alert's document URL; <paramref name="now"/> dates an empty feed.
    /// </summary>
    public byte[] Write(IReadOnlyList<(Alert Alert, Site Site)> entries, Uri feedUrl, Func<string, Uri> capUrl, DateTimeOffset now)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Namespace);
            xml.WriteAttributeString("xml", "lang", null, "zh-CN");
            Element(xml, "id", feedUrl.AbsoluteUri);
            Element(xml, "title", $"{_options.SenderNameZh}：高温预警 / heat alerts (CAP 1.2)");
            Element(xml, "updated", CapText.Time(entries.Count > 0 ? CapAlertWriter.Sent(entries[0].Alert) : CapText.InOffset(now, 0)));
            Link(xml, "self", AtomMediaType, feedUrl);
            xml.WriteStartElement("author", Namespace);
            Element(xml, "name", _options.SenderNameZh);
            xml.WriteEndElement();
            foreach (var (alert, site) in entries)
            {
                var (title, body) = AlertText.Compose(alert, site, "zh", rules.Value.MaxOutdoorHoursWhenLimited);
                var url = capUrl(alert.Id);
                xml.WriteStartElement("entry", Namespace);
                Element(xml, "id", url.AbsoluteUri);
                Element(xml, "title", title);
                Element(xml, "updated", CapText.Time(CapAlertWriter.Sent(alert)));
                xml.WriteStartElement("category", Namespace);
                xml.WriteAttributeString("term", alert.Kind == AlertKind.Cleared ? HeatLevel.None.ToWire() : alert.Level.ToWire());
                xml.WriteEndElement();
                Element(xml, "summary", body);
                Link(xml, "alternate", CapMediaType, url);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void Link(XmlWriter xml, string rel, string type, Uri href)
    {
        xml.WriteStartElement("link", Namespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href.AbsoluteUri);
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, string value) => xml.WriteElementString(name, Namespace, value);
}

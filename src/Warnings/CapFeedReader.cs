using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace HeatRelief.Warnings;

/// <summary>
/// Reads an Atom or RSS 2.0 feed whose entries link CAP documents, as safely as <see cref="CapParser"/> reads CAP: no
/// DTD, no resolver, the bytes bounded by the caller. Atom: an entry's <c>link</c> of type <c>application/cap+xml</c>,
/// else its alternate link of an XML type, else its alternate link. RSS: an item's <c>enclosure</c> of a CAP or XML
/// type, else its <c>link</c>, else any enclosure. Links are resolved against <c>xml:base</c> and the feed's address;
/// only http and https links are followed. A feed that cannot be read throws <see cref="WarningSourceException"/>.
/// </summary>
public static class CapFeedReader
{
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";

    private static readonly XNamespace Atom = AtomNamespace;

    // A Chinese feed may declare GB2312 or GB18030, as CAP documents may (see CapParser).
    static CapFeedReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IReadOnlyList<CapFeedEntry> Read(byte[] feed, Uri feedUrl)
    {
        XDocument xml;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(feed), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = feed.Length + 1L,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            });
            xml = XDocument.Load(reader);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw new WarningSourceException($"CAP feed {UrlText.Shown(feedUrl)} contains a DTD (<!DOCTYPE>), which no feed needs: refused unread", ex);
        }
        catch (XmlException ex)
        {
            throw new WarningSourceException($"CAP feed {UrlText.Shown(feedUrl)} is not well-formed XML: {BoundedContent.OneLine(ex.Message)}", ex);
        }

        var root = xml.Root!;
        if (root.Name == Atom + "feed")
        {
            return [.. root.Elements(Atom + "entry").Select((entry, i) => AtomEntry(entry, i + 1, feedUrl))];
        }

        if (root.Name == "rss" && root.Element("channel") is { } channel)
        {
            return [.. channel.Elements("item").Select((item, i) => RssItem(item, i + 1, feedUrl))];
        }

        throw new WarningSourceException($"CAP feed {UrlText.Shown(feedUrl)} is neither Atom nor RSS 2.0: its root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}");
    }

    private static CapFeedEntry AtomEntry(XElement entry, int number, Uri feedUrl)
    {
        var name = $"{UrlText.Shown(feedUrl)} entry {number}" + (Text(entry, Atom + "id") is { } id ? $" ({id})" : string.Empty);
        var links = entry.Elements(Atom + "link")
            .Select(l => (Rel: ((string?)l.Attribute("rel") ?? "alternate").Trim(), Type: ((string?)l.Attribute("type") ?? string.Empty).Trim(), Href: (string?)l.Attribute("href"), Element: l))
            .Where(l => !string.IsNullOrWhiteSpace(l.Href))
            .ToList();
        var chosen = links.FirstOrDefault(l => IsCapType(l.Type)).Element
            ?? links.FirstOrDefault(l => l.Rel == "alternate" && IsXmlType(l.Type)).Element
            ?? links.FirstOrDefault(l => l.Rel == "alternate").Element;
        return Entry(name, chosen, (string?)chosen?.Attribute("href"), Text(entry, Atom + "updated"), feedUrl);
    }

    private static CapFeedEntry RssItem(XElement item, int number, Uri feedUrl)
    {
        var name = $"{UrlText.Shown(feedUrl)} item {number}" + (Text(item, "guid") is { } guid ? $" ({guid})" : string.Empty);
        var enclosures = item.Elements("enclosure").Where(e => !string.IsNullOrWhiteSpace((string?)e.Attribute("url"))).ToList();
        var enclosure = enclosures.FirstOrDefault(e => IsCapType((string?)e.Attribute("type")) || IsXmlType((string?)e.Attribute("type")));
        var link = item.Element("link") is { } l && !string.IsNullOrWhiteSpace(l.Value) ? l : null;
        var chosen = enclosure ?? link ?? enclosures.FirstOrDefault();
        var href = chosen is null ? null : chosen.Name == "enclosure" ? (string?)chosen.Attribute("url") : chosen.Value;
        return Entry(name, chosen, href, Text(item, "pubDate") ?? Text(item, "guid"), feedUrl);
    }

    private static CapFeedEntry Entry(string name, XElement? element, string? href, string? updated, Uri feedUrl)
    {
        if (element is null || string.IsNullOrWhiteSpace(href))
        {
            return new CapFeedEntry(name, null, updated, "no link to a CAP document");
        }

        if (!Uri.TryCreate(Base(element, feedUrl), href.Trim(), out var link))
        {
            return new CapFeedEntry(name, null, updated, $"'{BoundedContent.OneLine(href)}' is not a usable link");
        }

        return link.Scheme is "http" or "https"
            ? new CapFeedEntry(name, link, updated, null)
            : new CapFeedEntry(name, null, updated, $"'{UrlText.Shown(link)}' is not an http or https link: not followed");
    }

    /// <summary>The base a relative link resolves against: the feed's address, then each <c>xml:base</c> from the root down.</summary>
    private static Uri Base(XElement element, Uri feedUrl)
    {
        var result = feedUrl;
        foreach (var declared in element.AncestorsAndSelf().Reverse().Select(e => (string?)e.Attribute(XNamespace.Xml + "base")).Where(b => !string.IsNullOrWhiteSpace(b)))
        {
            if (Uri.TryCreate(result, declared!.Trim(), out var next))
            {
                result = next;
            }
        }

        return result;
    }

    private static bool IsCapType(string? type) =>
        type is not null && type.Trim().StartsWith("application/cap+xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>An XML media type that may be CAP (<c>application/xml</c>, <c>text/xml</c>), not a feed's or a web page's own.</summary>
    private static bool IsXmlType(string? type) =>
        type is not null
        && (type.Contains("/xml", StringComparison.OrdinalIgnoreCase) || type.Contains("+xml", StringComparison.OrdinalIgnoreCase))
        && !NotCap.Any(t => type.Contains(t, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] NotCap = ["atom+xml", "rss+xml", "xhtml+xml"];

    private static string? Text(XElement parent, XName name) =>
        parent.Element(name)?.Value.Trim() is { Length: > 0 } text ? text : null;
}

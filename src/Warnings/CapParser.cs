using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using NetTopologySuite.Geometries;

namespace HeatRelief.Warnings;

/// <summary>
/// Reads CAP 1.2 messages with the framework's XML reader, safely: no DTD (a document with one is rejected, so no
/// entity is ever expanded), no resolver, and at most <see cref="MaxBytes"/> bytes read. Elements are found by name,
/// in any order. Bad input never throws: it comes back as a rejection with a one-line reason.
/// </summary>
public sealed class CapParser(int maxBytes = CapParser.DefaultMaxBytes)
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";
    public const int DefaultMaxBytes = 1024 * 1024;

    private static readonly XNamespace Ns = Namespace;
    private static readonly GeometryFactory Geometry = new(new PrecisionModel(), 4326);
    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    // Chinese systems may still write GB2312 or GB18030; the code pages ship with .NET but must be registered to be read.
    static CapParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The largest input read; anything longer is rejected unread.</summary>
    public int MaxBytes { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes));

    public CapParseResult ParseFile(string path)
    {
        var source = Path.GetFileName(path);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Parse(file, source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CapParseResult.Rejected(source, OneLine($"cannot read the file: {ex.Message}"));
        }
    }

    public CapParseResult Parse(string xml, string source) => Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), source);

    /// <summary>Reads at most <see cref="MaxBytes"/> (plus one, to know it was more) from <paramref name="input"/>.</summary>
    public CapParseResult Parse(Stream input, string source)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = input.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return CapParseResult.Rejected(source, $"too large: more than {MaxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes");
        }

        XDocument xml;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(buffer, 0, length), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxBytes,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            });
            xml = XDocument.Load(reader);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            return CapParseResult.Rejected(source, "contains a DTD (<!DOCTYPE>), which CAP never needs: refused unread");
        }
        catch (XmlException ex)
        {
            return CapParseResult.Rejected(source, OneLine($"not well-formed XML: {ex.Message}"));
        }

        try
        {
            return CapParseResult.Parsed(Document(xml.Root!, source));
        }
        catch (FormatException ex)
        {
            return CapParseResult.Rejected(source, OneLine(ex.Message));
        }
    }

    private static CapDocument Document(XElement root, string source)
    {
        if (root.Name != Ns + "alert")
        {
            throw new FormatException($"not CAP 1.2: the root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}, expected {{{Namespace}}}alert");
        }

        var identifier = Required(root, "identifier");
        var sender = Required(root, "sender");
        var sent = Time(Required(root, "sent"), "sent");
        var status = Choice<CapStatus>(Required(root, "status"), "status");
        var msgType = Choice<CapMessageType>(Required(root, "msgType"), "msgType");
        var references = References(Text(root, "references"));
        if (msgType is CapMessageType.Update or CapMessageType.Cancel && references.Count == 0)
        {
            throw new FormatException($"msgType {msgType} without references: it must name the message(s) it replaces or ends");
        }

        var infos = root.Elements(Ns + "info").Select((info, i) => Info(info, i + 1)).ToList();
        return new CapDocument(identifier, sender, sent, status, msgType, references, infos, source);
    }

    private static CapInfo Info(XElement info, int number)
    {
        var where = $"info {number}";
        var areas = info.Elements(Ns + "area").Select((area, i) => Area(area, $"{where}, area {i + 1}")).ToList();
        if (areas.Count == 0)
        {
            throw new FormatException($"{where}: no area, so it covers no site");
        }

        return new CapInfo(
            Language: Text(info, "language") ?? "en-US",
            Event: Required(info, "event", where),
            EventCodes: Values(info, "eventCode"),
            Severity: Choice<CapSeverity>(Required(info, "severity", where), $"{where}: severity"),
            Urgency: Text(info, "urgency") ?? string.Empty,
            Certainty: Text(info, "certainty") ?? string.Empty,
            Effective: OptionalTime(info, "effective", where),
            Onset: OptionalTime(info, "onset", where),
            Expires: OptionalTime(info, "expires", where),
            SenderName: Text(info, "senderName") ?? string.Empty,
            Headline: Text(info, "headline") ?? string.Empty,
            Description: Text(info, "description") ?? string.Empty,
            Instruction: Text(info, "instruction") ?? string.Empty,
            Areas: areas);
    }

    private static CapArea Area(XElement area, string where) => new(
        Text(area, "areaDesc") ?? string.Empty,
        area.Elements(Ns + "polygon").Select((p, i) => Polygon(p.Value, $"{where}, polygon {i + 1}")).ToList(),
        area.Elements(Ns + "circle").Select((c, i) => Circle(c.Value, $"{where}, circle {i + 1}")).ToList(),
        Values(area, "geocode"));

    /// <summary>CAP: space-separated <c>lat,lon</c> pairs, at least four, the first equal to the last.</summary>
    private static Polygon Polygon(string text, string where)
    {
        var points = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(p => Point(p, where)).ToArray();
        if (points.Length < 4)
        {
            throw new FormatException($"{where}: {points.Length} points, a polygon needs at least 4 (the first repeated last)");
        }

        if (!points[0].Equals2D(points[^1]))
        {
            throw new FormatException($"{where}: not closed (the first point {Show(points[0])} is not repeated last)");
        }

        var polygon = Geometry.CreatePolygon(points);
        return polygon.IsValid ? polygon : throw new FormatException($"{where}: not a simple ring (its edges cross or it has no area)");
    }

    /// <summary>CAP: <c>lat,lon radius</c>, the radius in kilometres.</summary>
    private static CapCircle Circle(string text, string where)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var radius) || !(radius >= 0) || double.IsInfinity(radius))
        {
            throw new FormatException($"{where}: '{text.Trim()}' is not 'lat,lon radius_km'");
        }

        var centre = Point(parts[0], where);
        return new CapCircle(centre.Y, centre.X, radius);
    }

    private static Coordinate Point(string pair, string where)
    {
        var parts = pair.Split(',');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || !(lat is >= -90 and <= 90) || !(lon is >= -180 and <= 180))
        {
            throw new FormatException($"{where}: '{pair}' is not a WGS84 'lat,lon' point");
        }

        return new Coordinate(lon, lat);
    }

    private static string Show(Coordinate c) => FormattableString.Invariant($"{c.Y},{c.X}");

    private static List<CapReference> References(string? text)
    {
        var references = new List<CapReference>();
        foreach (var triple in (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = triple.Split(',');
            if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new FormatException($"references: '{triple}' is not a 'sender,identifier,sent' triple");
            }

            references.Add(new CapReference(parts[0], parts[1], Time(parts[2], "references")));
        }

        return references;
    }

    private static List<CapValue> Values(XElement parent, string name) =>
        [.. parent.Elements(Ns + name).Select(e => new CapValue(Text(e, "valueName") ?? string.Empty, Text(e, "value") ?? string.Empty))];

    private static DateTimeOffset? OptionalTime(XElement parent, string name, string where) =>
        Text(parent, name) is { } text ? Time(text, $"{where}: {name}") : null;

    /// <summary>CAP times carry their own offset (<c>2023-06-22T10:20:00+08:00</c>; UTC is <c>-00:00</c>); one without is refused, never guessed.</summary>
    private static DateTimeOffset Time(string text, string field) =>
        DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"{field}: '{text}' is not a CAP time with its offset (e.g. 2023-06-22T10:20:00+08:00)");

    private static T Choice<T>(string text, string field)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(value.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new FormatException($"{field}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
    }

    private static string Required(XElement parent, string name, string? where = null) =>
        Text(parent, name) ?? throw new FormatException(where is null ? $"no {name}" : $"{where}: no {name}");

    /// <summary>The trimmed text of the first child of that name, or null when absent or empty.</summary>
    private static string? Text(XElement parent, string name) =>
        parent.Element(Ns + name)?.Value.Trim() is { Length: > 0 } text ? text : null;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

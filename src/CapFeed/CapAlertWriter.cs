using System.Globalization;
using System.Text;
using System.Xml;
using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;
using Microsoft.Extensions.Options;

namespace HeatRelief.CapFeed;

/// <summary>
/// Writes one HeatRelief alert as a CAP 1.2 document: raised = Alert, escalated = Update and cleared = Cancel, each
/// referencing the earlier alerts of the site and day it replaces or ends; a Chinese and an English <c>info</c> with
/// the words workers get (<see cref="AlertText"/>); the site as a <c>circle</c>. Nothing about recipients.
/// </summary>
public sealed class CapAlertWriter(IOptions<CapFeedOptions> options, IOptions<HeatRulesOptions> rules)
{
    /// <summary>The languages of the <c>info</c> blocks: CAP's (RFC 3066) tag and HeatRelief's own.</summary>
    private static readonly (string Cap, string Own)[] Languages = [("zh-CN", "zh"), ("en-US", "en")];

    private readonly CapFeedOptions _options = options.Value;

    /// <summary>The CAP <c>sender</c> of every document.</summary>
    public string Sender => _options.Sender;

    /// <summary>The CAP <c>sent</c> of an alert's document: when it was decided, in the site's offset, whole seconds.</summary>
    public static DateTimeOffset Sent(Alert alert) => CapText.InOffset(alert.CreatedAt, alert.UtcOffsetSeconds);

    /// <summary>The CAP <c>msgType</c> of an alert, given what it references (an Update or Cancel must reference something).</summary>
    public static CapMessageType MessageType(Alert alert, IReadOnlyList<Alert> references) => (alert.Kind, references.Count) switch
    {
        (AlertKind.Escalated, > 0) => CapMessageType.Update,
        (AlertKind.Cleared, > 0) => CapMessageType.Cancel,

        // Only if the earlier rows were lost: a message that names nothing must stand on its own.
        _ => CapMessageType.Alert,
    };

    /// <summary>
    /// The document, UTF-8 without a byte order mark. <paramref name="earlier"/> are the alerts it replaces or ends
    /// (<see cref="CapThread.Earlier"/>); <paramref name="web"/> is the document's own URL, when known.
    /// </summary>
    public byte[] Write(Alert alert, Site site, IReadOnlyList<Alert> earlier, Uri? web)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("alert", CapParser.Namespace);
            Element(xml, "identifier", CapText.Identifier(alert.Id));
            Element(xml, "sender", _options.Sender);
            Element(xml, "sent", CapText.Time(Sent(alert)));
            Element(xml, "status", nameof(CapStatus.Actual));
            Element(xml, "msgType", MessageType(alert, earlier).ToString());
            Element(xml, "scope", "Public");
            if (earlier.Count > 0)
            {
                Element(xml, "references", string.Join(' ', earlier.Select(e => $"{_options.Sender},{CapText.Identifier(e.Id)},{CapText.Time(Sent(e))}")));
            }

            foreach (var (cap, own) in Languages)
            {
                Info(xml, alert, site, cap, own, web);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private void Info(XmlWriter xml, Alert alert, Site site, string language, string own, Uri? web)
    {
        var zh = own == "zh";
        var cleared = alert.Kind == AlertKind.Cleared;
        var (title, body) = AlertText.Compose(alert, site, own, rules.Value.MaxOutdoorHoursWhenLimited);
        var sent = Sent(alert);
        var dayStart = CapText.DayStart(alert.Date, alert.UtcOffsetSeconds);

        xml.WriteStartElement("info", CapParser.Namespace);
        Element(xml, "language", language);
        Element(xml, "category", "Met");
        Element(xml, "event", zh ? "高温" : "High Temperature");
        Element(xml, "responseType", cleared ? "AllClear" : "Prepare");
        Element(xml, "urgency", cleared ? "Past" : alert.Date > DateOnly.FromDateTime(sent.DateTime) ? "Future" : "Expected");
        Element(xml, "severity", cleared ? nameof(CapSeverity.Minor) : Severity(alert.Level).ToString());

        // A forecast, never an observation; an all-clear too comes from a complete forecast of no heat.
        Element(xml, "certainty", "Likely");
        Element(xml, "effective", CapText.Time(sent));
        Element(xml, "onset", CapText.Time(dayStart));
        Element(xml, "expires", CapText.Time(CapText.DayStart(alert.Date.AddDays(1), alert.UtcOffsetSeconds)));
        Element(xml, "senderName", zh ? _options.SenderNameZh : _options.SenderNameEn);
        Element(xml, "headline", title);
        Element(xml, "description", body);
        Element(xml, "instruction", Instruction(alert, own, rules.Value.MaxOutdoorHoursWhenLimited));
        if (web is not null)
        {
            Element(xml, "web", web.AbsoluteUri);
        }

        Parameter(xml, "HeatRelief:level", cleared ? HeatLevel.None.ToWire() : alert.Level.ToWire());
        Parameter(xml, "HeatRelief:siteId", site.Id);
        xml.WriteStartElement("area", CapParser.Namespace);
        Element(xml, "areaDesc", zh ? $"{site.Name}（{site.District}）" : $"{site.Name} ({site.District})");
        Element(xml, "circle", string.Create(CultureInfo.InvariantCulture, $"{site.Latitude:0.######},{site.Longitude:0.######} {_options.SiteRadiusKm:0.###}"));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>
    /// The work advice workers get for the alert (the sentence <see cref="AlertText"/> puts in their text): the rule of
    /// the level an official warning set, citing it, or else the forecast's own advice.
    /// </summary>
    public static string Instruction(Alert alert, string language, int maxOutdoorHoursWhenLimited) =>
        WarningAdvice.For(alert.Warning, alert.Level, alert.Grade, AdviceText.For(alert.Grade, language), language, maxOutdoorHoursWhenLimited);

    /// <summary>China's colour scale on CAP's severity, as official heat warnings map it (and <see cref="HeatClassifier"/> reads it back).</summary>
    public static CapSeverity Severity(HeatLevel level) => level switch
    {
        HeatLevel.Red => CapSeverity.Extreme,
        HeatLevel.Orange => CapSeverity.Severe,
        HeatLevel.Yellow => CapSeverity.Moderate,
        _ => CapSeverity.Minor,
    };

    private static void Parameter(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("parameter", CapParser.Namespace);
        Element(xml, "valueName", name);
        Element(xml, "value", value);
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, string value) => xml.WriteElementString(name, CapParser.Namespace, value);
}

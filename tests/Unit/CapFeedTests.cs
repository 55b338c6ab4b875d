using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Xml.Linq;
using HeatRelief.Alerts;
using HeatRelief.CapFeed;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Triggers;
using HeatRelief.Warnings;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Options;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// HeatRelief's own alerts as CAP 1.2: every document written here is validated against the CAP 1.2 schema, and read
/// back with <see cref="CapParser"/> and <see cref="WarningBook"/> as another system (or another HeatRelief) would.
/// </summary>
public sealed class CapFeedTests
{
    private const string Sender = "heatrelief@union.example";
    private static readonly XNamespace Cap = CapParser.Namespace;
    private static readonly DateOnly Day = new(2026, 7, 15);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly Site Site = new("BJ-FT-001", "Xinfadi Market (新发地)", "Fengtai", 39.8010, 116.3020, "market", 200);
    private static readonly CapAlertWriter Writer = new(Options.Create(new CapFeedOptions { Sender = Sender }), Options.Create(new HeatRulesOptions()));

    /// <summary>An alert of the site as the lifecycle makes it: <paramref name="at"/> is UTC, the site is in UTC+8 unless said.</summary>
    private static Alert AlertOf(AlertKind kind, HeatLevel level, HeatLevel previous, DateTimeOffset at, int generation = 0, int offsetSeconds = 8 * 3600, DateOnly? day = null)
    {
        var date = day ?? Day;
        var grade = kind == AlertKind.Cleared
            ? new HeatGrade(date, HeatLevel.None, HeatLevel.None, 31.0, 32.0, HeatIndexBand.Lower, new HottestWindow(new TimeOnly(14, 0), 3, 30.5), WorkAdvice.None, 24, true, "test")
            : new HeatGrade(date, level, level, 40.5, 43.0, HeatIndexBand.High, new HottestWindow(new TimeOnly(13, 0), 3, 40.0), WorkAdvice.StopOutdoorWork, 0, true, "test");
        var id = Alert.IdFor(Site.Id, date, kind == AlertKind.Cleared ? "clear" : level.ToWire(), generation);
        return new Alert(id, Site.Id, date, kind, kind == AlertKind.Cleared ? HeatLevel.None : level, previous, grade, offsetSeconds, at);
    }

    private static DateTimeOffset Utc(int hour, int minute = 0, int ms = 0) => new DateTimeOffset(2026, 7, 14, 22, 0, 0, TimeSpan.Zero).AddHours(hour).AddMinutes(minute).AddMilliseconds(ms);

    /// <summary>Writes every alert of the day in order, each referencing what <see cref="CapThread"/> says, and checks each against the schema.</summary>
    private static List<byte[]> WriteAll(params Alert[] alerts)
    {
        var documents = alerts.Select(a => Writer.Write(a, Site, CapThread.Earlier(a, alerts), new Uri($"https://heatrelief.example/api/cap/alerts/{a.Id}.xml"))).ToList();
        foreach (var (document, alert) in documents.Zip(alerts))
        {
            CapSchema.Validate(document).ShouldBeEmpty($"{alert.Id}:\n{Encoding.UTF8.GetString(document)}");
        }

        return documents;
    }

    private static XElement Root(byte[] document) => XDocument.Parse(Encoding.UTF8.GetString(document)).Root!;

    private static string Text(XElement parent, string name) => parent.Element(Cap + name)?.Value ?? throw new InvalidOperationException($"no {name}");

    private static WarningBook Book(IEnumerable<byte[]> documents)
    {
        var parser = new CapParser();
        var parsed = documents.Select((d, i) => parser.Parse(new MemoryStream(d), $"doc{i}")).ToList();
        parsed.Where(p => p.Document is null).Select(p => $"{p.Source}: {p.Problem}").ShouldBeEmpty();
        return new WarningBook(parsed.Select(p => p.Document!), new HeatClassifier(new WarningsOptions()), Shanghai);
    }

    [Fact]
    public void CapAlertWriter_Write_RaisedIsAnAlertWithChineseAndEnglishInfoAndTheSiteAsACircle()
    {
        var raised = AlertOf(AlertKind.Raised, HeatLevel.Red, HeatLevel.None, Utc(3, 5, 987));

        var root = Root(WriteAll(raised)[0]);

        Text(root, "identifier").ShouldBe(raised.Id);
        Text(root, "sender").ShouldBe(Sender);
        Text(root, "sent").ShouldBe("2026-07-15T09:05:00+08:00", "the site's offset, whole seconds, never Z");
        Text(root, "status").ShouldBe("Actual");
        Text(root, "msgType").ShouldBe("Alert");
        Text(root, "scope").ShouldBe("Public");
        root.Element(Cap + "references").ShouldBeNull();
        var infos = root.Elements(Cap + "info").ToList();
        infos.Select(i => Text(i, "language")).ShouldBe(["zh-CN", "en-US"]);
        infos.Select(i => Text(i, "event")).ShouldBe(["高温", "High Temperature"]);
        foreach (var (info, language) in infos.Zip(new[] { "zh", "en" }))
        {
            var (title, body) = AlertText.Compose(raised, Site, language);
            Text(info, "category").ShouldBe("Met");
            Text(info, "severity").ShouldBe("Extreme");
            Text(info, "urgency").ShouldBe("Expected");
            Text(info, "certainty").ShouldBe("Likely");
            Text(info, "effective").ShouldBe("2026-07-15T09:05:00+08:00");
            Text(info, "onset").ShouldBe("2026-07-15T00:00:00+08:00");
            Text(info, "expires").ShouldBe("2026-07-16T00:00:00+08:00");
            Text(info, "headline").ShouldBe(title, "the same words workers get");
            Text(info, "description").ShouldBe(body);
            Text(info, "instruction").ShouldBe(AdviceText.For(raised.Grade, language), "no warning decided it: the forecast's advice");
            Text(info, "web").ShouldBe($"https://heatrelief.example/api/cap/alerts/{raised.Id}.xml");
            var area = info.Element(Cap + "area")!;
            Text(area, "circle").ShouldBe("39.801,116.302 1");
        }

        Text(infos[0], "senderName").ShouldBe(new CapFeedOptions().SenderNameZh);
        Text(infos[1], "senderName").ShouldBe(new CapFeedOptions().SenderNameEn);
        Text(infos[0].Element(Cap + "area")!, "areaDesc").ShouldBe("Xinfadi Market (新发地)（Fengtai）");
        Text(infos[1].Element(Cap + "area")!, "areaDesc").ShouldBe("Xinfadi Market (新发地) (Fengtai)");
    }

    [Fact]
    public void CapAlertWriter_Write_AnOfficialWarningThatSetTheLevelIsCitedAsWorkersReadIt()
    {
        var warning = new WarningCitation("BJMO-GW-20230622102000", "bjmo@cma.example", new DateTimeOffset(2026, 7, 15, 10, 20, 0, TimeSpan.FromHours(8)), HeatLevel.Red,
            null, "北京市气象台", "北京市气象台发布高温红色预警", "Beijing Meteorological Observatory", "Red heat warning", DecidedLevel: true);
        var orangeForecast = AlertOf(AlertKind.Raised, HeatLevel.Orange, HeatLevel.None, Utc(3));
        var raised = orangeForecast with { Level = HeatLevel.Red, Warning = warning };

        var info = Root(WriteAll(raised)[0]).Elements(Cap + "info").ToList();

        foreach (var (block, language) in info.Zip(new[] { "zh", "en" }))
        {
            Text(block, "severity").ShouldBe("Extreme", "the level the warning set, not the forecast's orange");
            Text(block, "description").ShouldBe(AlertText.Compose(raised, Site, language).Body);
            Text(block, "description").ShouldContain("BJMO-GW-20230622102000");
            Text(block, "instruction").ShouldBe(CapAlertWriter.Instruction(raised, language, new HeatRulesOptions().MaxOutdoorHoursWhenLimited));
            Text(block, "instruction").ShouldNotBe(AdviceText.For(raised.Grade, language), "the warning's rule, as workers get it");
            Text(block, "description").ShouldContain(language == "zh" ? "当日应停止露天作业" : "Stop outdoor work for the day", Case.Sensitive, "the rule of the warning's level, as workers read it");
        }
    }

    [Theory]
    [InlineData(HeatLevel.Yellow, "Moderate")]
    [InlineData(HeatLevel.Orange, "Severe")]
    [InlineData(HeatLevel.Red, "Extreme")]
    public void CapAlertWriter_Write_SeverityFollowsTheColourScale(HeatLevel level, string severity)
    {
        var root = Root(WriteAll(AlertOf(AlertKind.Raised, level, HeatLevel.None, Utc(1)))[0]);

        root.Elements(Cap + "info").Select(i => Text(i, "severity")).ShouldBe([severity, severity]);
    }

    [Fact]
    public void CapAlertWriter_Write_EscalatedIsAnUpdateReferencingTheExactSentOfTheEarlierDocuments()
    {
        var raised = AlertOf(AlertKind.Raised, HeatLevel.Yellow, HeatLevel.None, Utc(1, 0, 450));
        var orange = AlertOf(AlertKind.Escalated, HeatLevel.Orange, HeatLevel.Yellow, Utc(2, 0, 999));
        var red = AlertOf(AlertKind.Escalated, HeatLevel.Red, HeatLevel.Orange, Utc(3));

        var roots = WriteAll(raised, orange, red).Select(Root).ToList();

        string Triple(XElement r) => $"{Text(r, "sender")},{Text(r, "identifier")},{Text(r, "sent")}";
        Text(roots[1], "msgType").ShouldBe("Update");
        Text(roots[1], "references").ShouldBe(Triple(roots[0]));
        Text(roots[2], "msgType").ShouldBe("Update");
        Text(roots[2], "references").ShouldBe($"{Triple(roots[0])} {Triple(roots[1])}");
        Text(roots[1], "sent").ShouldBe("2026-07-15T08:00:00+08:00", "fractions dropped the same way in the document and in references to it");
        roots[2].Elements(Cap + "info").Select(i => Text(i, "severity")).ShouldBe(["Extreme", "Extreme"]);
        Text(roots[2].Element(Cap + "info")!, "headline").ShouldContain("升级");
    }

    [Fact]
    public void CapAlertWriter_Write_ClearedIsACancelReferencingTheAlertsItEnds()
    {
        var raised = AlertOf(AlertKind.Raised, HeatLevel.Orange, HeatLevel.None, Utc(1));
        var cleared = AlertOf(AlertKind.Cleared, HeatLevel.None, HeatLevel.Orange, Utc(5));

        var roots = WriteAll(raised, cleared).Select(Root).ToList();

        Text(roots[1], "msgType").ShouldBe("Cancel");
        Text(roots[1], "references").ShouldBe($"{Sender},{raised.Id},2026-07-15T07:00:00+08:00");
        var info = roots[1].Element(Cap + "info")!;
        (Text(info, "urgency"), Text(info, "severity"), Text(info, "certainty"), Text(info, "responseType")).ShouldBe(("Past", "Minor", "Likely", "AllClear"));
        Text(info, "headline").ShouldBe(AlertText.Compose(cleared, Site, "zh").Title);
    }

    [Fact]
    public void CapThread_Earlier_StartsAfterTheLastAllClearOfTheDay()
    {
        var yellow = AlertOf(AlertKind.Raised, HeatLevel.Yellow, HeatLevel.None, Utc(1));
        var clear = AlertOf(AlertKind.Cleared, HeatLevel.None, HeatLevel.Yellow, Utc(2));
        var orange = AlertOf(AlertKind.Raised, HeatLevel.Orange, HeatLevel.None, Utc(3), generation: 1);
        var red = AlertOf(AlertKind.Escalated, HeatLevel.Red, HeatLevel.Orange, Utc(4), generation: 1);
        var otherSite = AlertOf(AlertKind.Raised, HeatLevel.Red, HeatLevel.None, Utc(0)) with { Id = "X_20260715_red", SiteId = "X" };
        var tomorrow = AlertOf(AlertKind.Raised, HeatLevel.Red, HeatLevel.None, Utc(0), day: Day.AddDays(1));
        Alert[] day = [red, otherSite, clear, orange, yellow, tomorrow];

        CapThread.Earlier(red, day).ShouldBe([orange], "the yellow alert was ended by the all-clear already");
        CapThread.Earlier(clear, day).ShouldBe([yellow]);
        CapThread.Earlier(orange, day).ShouldBeEmpty("a raised alert starts a new warning");
        CapAlertWriter.MessageType(red, []).ShouldBe(CapMessageType.Alert, "an Update that names nothing would be refused: it stands alone");
        WriteAll(yellow, clear, orange, red);
    }

    [Fact]
    public void CapAlertWriter_Write_TimesInTheSitesOffsetAndUtcAsMinusZero()
    {
        var newYork = AlertOf(AlertKind.Raised, HeatLevel.Orange, HeatLevel.None, new DateTimeOffset(2026, 7, 15, 14, 30, 0, TimeSpan.Zero), offsetSeconds: -4 * 3600);
        var london = AlertOf(AlertKind.Raised, HeatLevel.Orange, HeatLevel.None, new DateTimeOffset(2026, 7, 14, 22, 30, 0, TimeSpan.Zero), offsetSeconds: 0);

        var ny = Root(WriteAll(newYork)[0]);
        var utc = Root(WriteAll(london)[0]);

        Text(ny, "sent").ShouldBe("2026-07-15T10:30:00-04:00");
        Text(ny.Element(Cap + "info")!, "onset").ShouldBe("2026-07-15T00:00:00-04:00");
        Text(utc, "sent").ShouldBe("2026-07-14T22:30:00-00:00", "CAP 1.2 writes UTC as -00:00, never Z");
        Text(utc.Element(Cap + "info")!, "urgency").ShouldBe("Future", "sent the day before the day it warns of");
        Text(utc.Element(Cap + "info")!, "expires").ShouldBe("2026-07-16T00:00:00-00:00");
    }

    [Fact]
    public void CapSchema_Validate_RefusesDocumentsThatBreakCap12()
    {
        var good = Encoding.UTF8.GetString(WriteAll(AlertOf(AlertKind.Raised, HeatLevel.Red, HeatLevel.None, Utc(1)))[0]);
        string[] broken =
        [
            good.Replace("+08:00</sent>", "Z</sent>", StringComparison.Ordinal),
            good.Replace("T07:00:00+08:00</sent>", "T07:00:00.5+08:00</sent>", StringComparison.Ordinal),
            good.Replace("<msgType>Alert</msgType>", string.Empty, StringComparison.Ordinal),
            good.Replace("<severity>Extreme</severity>", "<severity>Red</severity>", StringComparison.Ordinal),
            good.Replace("<scope>Public</scope>", "<scope>Public</scope><status>Actual</status>", StringComparison.Ordinal),
            good.Replace("<category>Met</category>", "<category>Heat</category>", StringComparison.Ordinal),
            good.Replace("urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1", StringComparison.Ordinal),
        ];

        broken.ShouldAllBe(b => b != good, "every mutation changed the document");
        foreach (var document in broken)
        {
            CapSchema.Validate(Encoding.UTF8.GetBytes(document)).ShouldNotBeEmpty(document);
        }
    }

    [Fact]
    public void ReadBack_Raised_InForceAtTheSiteOnItsDayOnly()
    {
        var book = Book(WriteAll(AlertOf(AlertKind.Raised, HeatLevel.Red, HeatLevel.None, Utc(1))));

        var inForce = book.InForce(Site.Latitude, Site.Longitude, null, Day);
        inForce.Select(w => (w.Document.Identifier, w.Level, w.Match)).ShouldBe([($"{Site.Id}_20260715_red", HeatLevel.Red, AreaMatch.Circle)]);
        inForce[0].Classification.Mismatch.ShouldBeNull("severity and headline colour agree");
        book.InForce(Site.Latitude + 0.02, Site.Longitude, null, Day).ShouldBeEmpty("2.2 km away, outside the 1 km circle");
        book.InForce(Site.Latitude, Site.Longitude, null, Day.AddDays(1)).ShouldBeEmpty("it expires at the end of its day");
        book.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void ReadBack_Escalated_OnlyTheUpdateInForce()
    {
        var yellow = AlertOf(AlertKind.Raised, HeatLevel.Yellow, HeatLevel.None, Utc(1, 0, 700));
        var orange = AlertOf(AlertKind.Escalated, HeatLevel.Orange, HeatLevel.Yellow, Utc(3, 0, 300));

        var book = Book(WriteAll(yellow, orange));

        book.InForce(Site.Latitude, Site.Longitude, null, Day).Select(w => (w.Document.Identifier, w.Level)).ShouldBe([(orange.Id, HeatLevel.Orange)]);
        book.Entries.Single(e => e.Document.Identifier == yellow.Id).State.ShouldBe(WarningState.Superseded);
        book.Notes.ShouldBeEmpty("every reference found the message it names (sender, identifier and sent as written)");
    }

    [Fact]
    public void ReadBack_Cleared_NothingInForce()
    {
        var yellow = AlertOf(AlertKind.Raised, HeatLevel.Yellow, HeatLevel.None, Utc(1));
        var red = AlertOf(AlertKind.Escalated, HeatLevel.Red, HeatLevel.Yellow, Utc(2));
        var clear = AlertOf(AlertKind.Cleared, HeatLevel.None, HeatLevel.Red, Utc(6));

        var book = Book(WriteAll(yellow, red, clear));

        book.InForce(Site.Latitude, Site.Longitude, null, Day).ShouldBeEmpty();
        book.Entries.Single(e => e.Document.Identifier == red.Id).State.ShouldBe(WarningState.Cancelled);
        book.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void CapAtomWriter_Write_NewestFirstWithLinksToEachCapDocument()
    {
        var raised = AlertOf(AlertKind.Raised, HeatLevel.Yellow, HeatLevel.None, Utc(1));
        var escalated = AlertOf(AlertKind.Escalated, HeatLevel.Red, HeatLevel.Yellow, Utc(2));
        var atom = new CapAtomWriter(Options.Create(new CapFeedOptions()), Options.Create(new HeatRulesOptions()));
        XNamespace a = CapAtomWriter.Namespace;

        var feed = XDocument.Parse(Encoding.UTF8.GetString(atom.Write([(escalated, Site), (raised, Site)], new Uri("https://heatrelief.example/api/cap/alerts.atom"),
            id => new Uri($"https://heatrelief.example/api/cap/alerts/{id}.xml"), Utc(9)))).Root!;

        feed.Name.ShouldBe(a + "feed");
        feed.Element(a + "id")!.Value.ShouldBe("https://heatrelief.example/api/cap/alerts.atom");
        feed.Element(a + "updated")!.Value.ShouldBe("2026-07-15T08:00:00+08:00", "the newest entry");
        feed.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value.ShouldBe("https://heatrelief.example/api/cap/alerts.atom");
        feed.Element(a + "author")!.Element(a + "name")!.Value.ShouldNotBeEmpty();
        var entries = feed.Elements(a + "entry").ToList();
        entries.Select(e => e.Element(a + "title")!.Value).ShouldBe([AlertText.Compose(escalated, Site, "zh").Title, AlertText.Compose(raised, Site, "zh").Title]);
        entries.Select(e => e.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "alternate"))
            .Select(l => ((string?)l.Attribute("type"), (string?)l.Attribute("href")))
            .ShouldBe([("application/cap+xml", $"https://heatrelief.example/api/cap/alerts/{escalated.Id}.xml"), ("application/cap+xml", $"https://heatrelief.example/api/cap/alerts/{raised.Id}.xml")]);
        entries.ShouldAllBe(e => e.Element(a + "id") != null && e.Element(a + "updated") != null && e.Element(a + "summary") != null);
        var empty = XDocument.Parse(Encoding.UTF8.GetString(atom.Write([], new Uri("https://h.example/api/cap/alerts.atom"), id => new Uri("https://h.example/" + id), Utc(9)))).Root!;
        empty.Element(a + "updated")!.Value.ShouldBe("2026-07-15T07:00:00-00:00", "an empty feed is dated now");
    }

    [Fact]
    public void AlertIdDay_Of_ReadsTheDayOfEveryIdTheLifecycleMakes()
    {
        AlertIdDay.Of(Alert.IdFor("BJ-FT-001", Day, "red", 0)).ShouldBe(Day);
        AlertIdDay.Of(Alert.IdFor("site_with_under.scores", Day, "clear", 2)).ShouldBe(Day);
        AlertIdDay.Of(Alert.IdFor("S1", Day, HeatLevel.Yellow.ToWire(), 11)).ShouldBe(Day);
        string?[] notIds = [null, "", "S1_20260715", "S1_20261315_red", "S1_20260715_blue", "_20260715_red", "S1_20260715_red/../x", "S1 20260715_red", new string('a', 200) + "_20260715_red", "S1_20260715_red-"];
        notIds.Select(AlertIdDay.Of).ShouldAllBe(d => d == null);
    }

    [Fact]
    public void CapText_Identifier_KeepsAlertIdsAndEncodesWhatCapForbids()
    {
        CapText.Identifier("BJ-FT-001_20260715_red-1").ShouldBe("BJ-FT-001_20260715_red-1");
        CapText.Identifier("a b,c<d&e%").ShouldBe("a%20b%2Cc%3Cd%26e%25");
        CapText.IdentifierProblem(CapText.Identifier("a b,c<d&e%")).ShouldBeNull();
    }

    /// <summary>
    /// <c>{alertId}.xml</c> is a complex segment. The Functions host builds its routes with ASP.NET Core's route
    /// templates (Microsoft.AspNetCore.Routing), as the self-host does: the literal is matched from the right, so an
    /// id with dots (site ids may hold them) is taken whole, and a segment without the parameter does not match.
    /// </summary>
    [Theory]
    [InlineData("cap/alerts/BJ-FT-001_20260715_red.xml", "BJ-FT-001_20260715_red")]
    [InlineData("cap/alerts/site.with.dots_20260715_clear-2.xml", "site.with.dots_20260715_clear-2")]
    [InlineData("cap/alerts/x.xml.xml", "x.xml")]
    [InlineData("cap/alerts/.xml", null)]
    [InlineData("cap/alerts/BJ-FT-001_20260715_red", null)]
    [InlineData("cap/alerts.atom", null)]
    public void CapAlertRoute_TemplateMatcher_TakesTheIdBeforeTheLastDotXml(string path, string? alertId)
    {
        var matcher = new TemplateMatcher(TemplateParser.Parse(RouteTemplates.CapAlert), new RouteValueDictionary());
        var values = new RouteValueDictionary();

        matcher.TryMatch("/" + path, values).ShouldBe(alertId is not null);
        if (alertId is not null)
        {
            values[RouteTemplates.CapAlertParameter].ShouldBe(alertId);
        }
    }

    [Theory]
    [InlineData("heat relief@union.example")]
    [InlineData("heatrelief,union")]
    [InlineData("a<b")]
    [InlineData("a&b")]
    [InlineData("")]
    public void CapFeedOptions_Validate_RefusesASenderCapForbids(string sender)
    {
        var options = new CapFeedOptions { Sender = sender };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true).ShouldBeFalse();
        results.SelectMany(r => r.MemberNames).ShouldContain(nameof(CapFeedOptions.Sender));
    }
}

using System.Text;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Unit;

/// <summary>CAP 1.2 reading: every field, any element order, offsets kept, and bad input rejected with one line, never thrown.</summary>
public sealed class CapParserTests
{
    private readonly CapParser _parser = new();

    internal static string CapFile(string name) => Path.Combine(AppContext.BaseDirectory, "Cap", name);

    private CapDocument Parsed(string name)
    {
        var result = _parser.ParseFile(CapFile(name));
        result.Problem.ShouldBeNull();
        return result.Document.ShouldNotBeNull();
    }

    private string Rejected(string name)
    {
        var result = _parser.ParseFile(CapFile(name));
        result.Document.ShouldBeNull();
        result.Source.ShouldBe(name);
        var problem = result.Problem.ShouldNotBeNull();
        problem.ShouldNotContain('\n');
        return problem;
    }

    [Fact]
    public void Parse_ReadsEveryHeaderAndInfoField()
    {
        var document = Parsed("heat-red-update.xml");

        document.Identifier.ShouldBe("T-RED");
        document.Sender.ShouldBe("test.heatrelief.example");
        document.Sent.ShouldBe(new DateTimeOffset(2026, 7, 15, 10, 20, 0, TimeSpan.FromHours(8)));
        document.Status.ShouldBe(CapStatus.Actual);
        document.MsgType.ShouldBe(CapMessageType.Update);
        document.References.ShouldBe([new CapReference("test.heatrelief.example", "T-ORANGE", new DateTimeOffset(2026, 7, 14, 17, 30, 0, TimeSpan.FromHours(8)))]);
        document.Source.ShouldBe("heat-red-update.xml");
        var info = document.Infos.ShouldHaveSingleItem();
        info.Language.ShouldBe("zh-CN");
        info.Event.ShouldBe("高温");
        info.Severity.ShouldBe(CapSeverity.Extreme);
        info.Urgency.ShouldBe("Expected");
        info.Certainty.ShouldBe("Likely");
        info.Effective.ShouldBeNull();
        info.Onset.ShouldBe(new DateTimeOffset(2026, 7, 15, 10, 20, 0, TimeSpan.FromHours(8)));
        info.Expires.ShouldBe(new DateTimeOffset(2026, 7, 16, 20, 0, 0, TimeSpan.FromHours(8)));
        info.SenderName.ShouldBe("测试市气象台");
        info.Headline.ShouldBe("测试市气象台将高温橙色预警升级为红色预警");
        info.Description.ShouldBe("测试用预警。");
        var area = info.Areas.ShouldHaveSingleItem();
        area.Description.ShouldBe("测试区");
        var ring = area.Polygons.ShouldHaveSingleItem().ExteriorRing.Coordinates;
        // CAP writes lat,lon; NetTopologySuite holds x = longitude, y = latitude.
        (ring[1].X, ring[1].Y).ShouldBe((116.5, 39.8));
    }

    [Fact]
    public void Parse_ReadsEventCodesGeocodesAndCircles()
    {
        Parsed("heat-eventcode.xml").Infos[0].EventCodes.ShouldBe([new CapValue("hazard", "Heat")]);
        Parsed("heat-geocode.xml").Infos[0].Areas[0].Geocodes.ShouldBe([new CapValue("GB/T 2260", "110105")]);
        Parsed("heat-circle.xml").Infos[0].Areas[0].Circles.ShouldBe([new CapCircle(39.90, 116.40, 10)]);
    }

    [Fact]
    public void Parse_FindsElementsInAnyOrderAndKeepsEachTimestampsOffset()
    {
        var document = Parsed("shuffled-order.xml");

        document.Identifier.ShouldBe("T-SHUFFLED");
        document.Sent.Offset.ShouldBe(new TimeSpan(5, 30, 0));
        document.Sent.UtcDateTime.ShouldBe(new DateTime(2026, 7, 14, 15, 30, 0, DateTimeKind.Utc));
        var info = document.Infos.ShouldHaveSingleItem();
        info.Event.ShouldBe("高温");
        info.Severity.ShouldBe(CapSeverity.Extreme);
        info.Expires.ShouldBe(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero));
        info.Areas[0].Geocodes.ShouldBe([new CapValue("GB/T 2260", "110105")]);
        info.Areas[0].Polygons.ShouldHaveSingleItem();
    }

    [Fact]
    public void Parse_ReadsEveryInfoBlock()
    {
        var infos = _parser.ParseFile(Path.Combine(TestPaths.Root, "samples", "warnings", "01-beijing-heat-orange.xml")).Document.ShouldNotBeNull().Infos;

        infos.Select(i => (i.Language, i.Event)).ShouldBe([("zh-CN", "高温"), ("en-US", "High Temperature")]);
    }

    [Fact]
    public void Parse_ReadsAGb18030Document()
    {
        var document = Parsed("heat-gb18030.xml");

        document.Identifier.ShouldBe("T-GB18030");
        document.Infos[0].Headline.ShouldBe("测试市气象台发布高温橙色预警");
    }

    [Theory]
    [InlineData("not-xml.xml", "not well-formed XML")]
    [InlineData("wrong-namespace.xml", "not CAP 1.2: the root element is {urn:oasis:names:tc:emergency:cap:1.1}alert")]
    [InlineData("no-identifier.xml", "no identifier")]
    [InlineData("no-sender.xml", "no sender")]
    [InlineData("no-sent.xml", "no sent")]
    [InlineData("sent-without-offset.xml", "sent: '2026-07-14T08:00:00' is not a CAP time with its offset")]
    [InlineData("no-area.xml", "info 1: no area")]
    [InlineData("polygon-open.xml", "info 1, area 1, polygon 1: not closed")]
    [InlineData("polygon-three-points.xml", "info 1, area 1, polygon 1: 3 points, a polygon needs at least 4")]
    [InlineData("polygon-not-a-number.xml", "info 1, area 1, polygon 1: 'north,116.5' is not a WGS84 'lat,lon' point")]
    [InlineData("heat-test-cancel.xml", null)]
    public void Parse_RejectsBadInputWithAOneLineReason(string file, string? reason)
    {
        if (reason is null)
        {
            Parsed(file).MsgType.ShouldBe(CapMessageType.Cancel);
            return;
        }

        Rejected(file).ShouldStartWith(reason);
    }

    [Fact]
    public void Parse_RefusesADtd_AndExpandsNoEntity()
    {
        var problem = Rejected("dtd-xxe.xml");

        problem.ShouldBe("contains a DTD (<!DOCTYPE>), which CAP never needs: refused unread");
        problem.ShouldNotContain("root:", customMessage: "no line of /etc/passwd may reach the reason");
    }

    [Fact]
    public void Parse_RejectsUpdateOrCancelWithoutReferences()
    {
        var xml = File.ReadAllText(CapFile("heat-cancel.xml"));
        var without = xml.Replace(xml[xml.IndexOf("<references>", StringComparison.Ordinal)..(xml.IndexOf("</references>", StringComparison.Ordinal) + "</references>".Length)], string.Empty, StringComparison.Ordinal);

        _parser.Parse(without, "x.xml").Problem.ShouldBe("msgType Cancel without references: it must name the message(s) it replaces or ends");
    }

    [Fact]
    public void Parse_RejectsUnknownStatusAndBadReferences()
    {
        var xml = File.ReadAllText(CapFile("heat-red-update.xml"));

        _parser.Parse(xml.Replace("<status>Actual</status>", "<status>Real</status>", StringComparison.Ordinal), "x.xml").Problem
            .ShouldBe("status: 'Real' is not one of Actual, Exercise, System, Test, Draft");
        _parser.Parse(xml.Replace(",T-ORANGE,", ",T-ORANGE;", StringComparison.Ordinal), "x.xml").Problem.ShouldNotBeNull().ShouldStartWith("references:");
    }

    [Fact]
    public void Parse_RejectsASelfCrossingPolygonAndABadCircle()
    {
        var xml = File.ReadAllText(CapFile("heat-orange-alert.xml"));
        var bowtie = xml.Replace("39.8,116.3 39.8,116.5 40.0,116.5 40.0,116.3 39.8,116.3", "39.8,116.3 40.0,116.5 39.8,116.5 40.0,116.3 39.8,116.3", StringComparison.Ordinal);
        var circle = xml.Replace("<polygon>39.8,116.3 39.8,116.5 40.0,116.5 40.0,116.3 39.8,116.3</polygon>", "<circle>39.9,116.4 -3</circle>", StringComparison.Ordinal);

        _parser.Parse(bowtie, "x.xml").Problem.ShouldBe("info 1, area 1, polygon 1: not a simple ring (its edges cross or it has no area)");
        _parser.Parse(circle, "x.xml").Problem.ShouldBe("info 1, area 1, circle 1: '39.9,116.4 -3' is not 'lat,lon radius_km'");
    }

    [Fact]
    public void Parse_RejectsAnInputOverTheLimitUnread_AndTakesOneAtTheLimit()
    {
        var xml = File.ReadAllText(CapFile("heat-orange-alert.xml"));
        var size = Encoding.UTF8.GetByteCount(xml);
        var padded = xml + new string(' ', CapParser.DefaultMaxBytes - size);

        _parser.Parse(padded, "big.xml").Document.ShouldNotBeNull();
        _parser.Parse(padded + " ", "big.xml").Problem.ShouldBe("too large: more than 1,048,576 bytes");
        new CapParser(size - 1).Parse(xml, "x.xml").Problem.ShouldBe($"too large: more than {size - 1:N0} bytes");
    }

    [Fact]
    public void ParseFile_ReportsAMissingFileAsARejection()
    {
        var result = _parser.ParseFile(CapFile("no-such-file.xml"));

        result.Source.ShouldBe("no-such-file.xml");
        result.Problem.ShouldNotBeNull().ShouldStartWith("cannot read the file:");
    }
}

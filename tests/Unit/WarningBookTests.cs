using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Unit;

/// <summary>The lifecycle of official warnings (Alert, Update, Cancel, only Actual counts) and where and when they are in force.</summary>
public sealed class WarningBookTests
{
    private const double InsideLat = 39.9;
    private const double InsideLon = 116.4;
    private static readonly DateOnly July14 = new(2026, 7, 14);
    private static readonly DateOnly July15 = new(2026, 7, 15);
    private static readonly DateOnly July16 = new(2026, 7, 16);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly CapParser Parser = new();
    private static readonly HeatClassifier Classifier = new(new WarningsOptions());

    private static CapDocument Load(string name) =>
        Parser.ParseFile(CapParserTests.CapFile(name)).Document ?? throw new InvalidOperationException($"{name} did not parse");

    private static WarningBook Book(params string[] files) => BookIn(Shanghai, files);

    private static WarningBook BookIn(TimeZoneInfo zone, params string[] files) => new(files.Select(Load), Classifier, zone);

    private static List<(string Identifier, HeatLevel Level)> InForceInside(WarningBook book, DateOnly day, DateTimeOffset? asOf = null) =>
        [.. book.InForce(InsideLat, InsideLon, null, day, asOf).Select(w => (w.Document.Identifier, w.Level))];

    private static DateTimeOffset Beijing(int day, int hour) => new(2026, 7, day, hour, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void InForce_AnAlert_FromOnsetToExpires()
    {
        var book = Book("heat-orange-alert.xml");

        InForceInside(book, July14).ShouldBeEmpty("onset is 15 July 00:00");
        InForceInside(book, July15).ShouldBe([("T-ORANGE", HeatLevel.Orange)]);
        InForceInside(book, July16).ShouldBe([("T-ORANGE", HeatLevel.Orange)], "expires 16 July 20:00");
        InForceInside(book, July16.AddDays(1)).ShouldBeEmpty("expired");
        book.InForce(40.5, 116.0, null, July15).ShouldBeEmpty("outside the polygon");
    }

    [Fact]
    public void InForce_AnUpdate_ReplacesTheWarningItReferences()
    {
        var book = Book("heat-orange-alert.xml", "heat-red-update.xml");

        InForceInside(book, July15).ShouldBe([("T-RED", HeatLevel.Red)]);
        book.Entries.Select(e => (e.Document.Identifier, e.State, e.EndedBy?.Identifier))
            .ShouldBe([("T-ORANGE", WarningState.Superseded, "T-RED"), ("T-RED", WarningState.Active, null)]);
    }

    [Fact]
    public void InForce_ACancel_EndsIt_AndAsOfSeesEachMomentAsItWas()
    {
        var book = Book("heat-cancel.xml", "heat-red-update.xml", "heat-orange-alert.xml");

        book.Entries.Select(e => e.Document.Identifier).ShouldBe(["T-ORANGE", "T-RED", "T-CANCEL"], "applied by sent, not by the order given");
        book.Entries.Select(e => e.State).ShouldBe([WarningState.Superseded, WarningState.Cancelled, WarningState.NoWarning]);
        InForceInside(book, July15).ShouldBeEmpty();
        InForceInside(book, July15, asOf: Beijing(14, 12)).ShouldBeEmpty("nothing had been sent yet");
        InForceInside(book, July15, asOf: Beijing(15, 9)).ShouldBe([("T-ORANGE", HeatLevel.Orange)]);
        InForceInside(book, July15, asOf: Beijing(15, 12)).ShouldBe([("T-RED", HeatLevel.Red)]);
        InForceInside(book, July16, asOf: Beijing(16, 17)).ShouldBe([("T-RED", HeatLevel.Red)]);
        InForceInside(book, July16, asOf: Beijing(16, 18)).ShouldBeEmpty("cancelled at 18:00");
    }

    [Fact]
    public void InForce_AppliesUpdatesBySent_NotByFileOrIdentifierOrder()
    {
        // T-DOWNGRADE (sent 16 July) replaces T-RED (15 July), which replaced T-ORANGE: applied in any other order,
        // the downgrade would find no T-RED yet and red would stay in force beside it.
        var book = Book("heat-downgrade-update.xml", "heat-red-update.xml", "heat-orange-alert.xml");

        book.Entries.Select(e => e.Document.Identifier).ShouldBe(["T-ORANGE", "T-RED", "T-DOWNGRADE"]);
        book.Notes.ShouldBeEmpty();
        InForceInside(book, July16).ShouldBe([("T-DOWNGRADE", HeatLevel.Yellow)]);
        InForceInside(book, July15).ShouldBeEmpty("the downgrade starts on 16 July and replaced the red");
        InForceInside(book, July15, asOf: Beijing(15, 12)).ShouldBe([("T-RED", HeatLevel.Red)]);
    }

    [Fact]
    public void InForce_ADrillOrATestMessage_ChangesNothing()
    {
        InForceInside(Book("heat-exercise-red.xml"), July15).ShouldBeEmpty();
        Book("heat-exercise-red.xml").Entries.ShouldHaveSingleItem().State.ShouldBe(WarningState.NotActual);

        var book = Book("heat-orange-alert.xml", "heat-test-cancel.xml");
        InForceInside(book, July15).ShouldBe([("T-ORANGE", HeatLevel.Orange)], "a Test cancel ends nothing");
        book.Entries.Select(e => e.State).ShouldBe([WarningState.Active, WarningState.NotActual]);
    }

    [Fact]
    public void InForce_ANonHeatWarningOrABlueOne_RaisesNothing()
    {
        InForceInside(Book("rainstorm-red.xml"), July15).ShouldBeEmpty();
        InForceInside(Book("heat-blue-minor.xml"), July15).ShouldBeEmpty();
        InForceInside(Book("heat-yellow-english.xml"), July15).ShouldBe([("T-EN", HeatLevel.Yellow)]);
        InForceInside(Book("heat-eventcode.xml"), July15).ShouldBe([("T-CODE", HeatLevel.Orange)]);
    }

    [Fact]
    public void InForce_PolygonCircleAndGeocode_EachCoverOnlyTheirArea()
    {
        var polygon = Book("heat-orange-alert.xml");
        var circle = Book("heat-circle.xml");
        var geocode = Book("heat-geocode.xml");

        polygon.InForce(39.8, 116.45, null, July15).ShouldHaveSingleItem().Match.ShouldBe(AreaMatch.Polygon, "a site on the edge is inside");
        polygon.InForce(39.79, 116.45, null, July15).ShouldBeEmpty();
        polygon.InForce(39.9, 116.6, null, July15).ShouldBeEmpty("lat,lon read the right way round: 116.6 E is east of the square");
        circle.InForce(39.95, 116.40, null, July15).ShouldHaveSingleItem().Match.ShouldBe(AreaMatch.Circle, "5.6 km from the centre");
        circle.InForce(40.00, 116.40, null, July15).ShouldBeEmpty("11.1 km from the centre of a 10 km circle");
        geocode.InForce(0, 0, "110105", July15).ShouldHaveSingleItem().Match.ShouldBe(AreaMatch.Geocode);
        geocode.InForce(0, 0, "110100", July15).ShouldBeEmpty("a district's warning does not cover its whole city");
        geocode.InForce(0, 0, "110106", July15).ShouldBeEmpty("nor the district next door");
        geocode.InForce(0, 0, null, July15).ShouldBeEmpty();
        geocode.InForce(InsideLat, InsideLon, null, July15).ShouldBeEmpty("no polygon or circle: only the code places it");
    }

    [Theory]
    [InlineData("110105", "110105", true)]
    [InlineData("110000", "110105", true)]
    [InlineData("110100", "110105", true)]
    [InlineData("110000", "120105", false)]
    [InlineData("110100", "110205", false)]
    [InlineData("110105", "110100", false)]
    [InlineData("110105", "110106", false)]
    [InlineData("11", "110105", false)]
    [InlineData("ABCD00", "ABCD05", false)]
    public void Geocode_AProvinceOrCityCode_CoversItsDistricts(string geocode, string siteCode, bool covers) =>
        CapArea.CodeCovers(geocode, siteCode).ShouldBe(covers);

    [Fact]
    public void InForce_AHeadlineSeverityMismatch_TakesTheHigher_HighestFirst()
    {
        var inForce = Book("heat-orange-alert.xml", "heat-mismatch.xml").InForce(InsideLat, InsideLon, null, July15);

        inForce.Select(w => (w.Document.Identifier, w.Level)).ShouldBe([("T-MISMATCH", HeatLevel.Red), ("T-ORANGE", HeatLevel.Orange)]);
        inForce[0].Classification.Mismatch.ShouldBe("severity Severe (orange) but the headline says red: taken as red");
        inForce[1].Classification.Mismatch.ShouldBeNull();
    }

    [Fact]
    public void InForce_DayBoundsFollowTheZone_WhateverOffsetTheMessageCarries()
    {
        // Onset 15 July 12:00 -04:00 is 16 July 00:00 in Beijing; expires 20:00 -04:00 is 16 July 08:00 there.
        InForceInside(Book("heat-new-york-offset.xml"), July15).ShouldBeEmpty();
        InForceInside(Book("heat-new-york-offset.xml"), July16).ShouldBe([("T-NY", HeatLevel.Red)]);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        InForceInside(BookIn(newYork, "heat-new-york-offset.xml"), July15).ShouldBe([("T-NY", HeatLevel.Red)]);
        InForceInside(BookIn(newYork, "heat-new-york-offset.xml"), July16).ShouldBeEmpty();

        // Onset 21:30 +05:30 is 15 July 00:00 in Beijing; expires 12:00 -00:00 is 15 July 20:00.
        var shuffled = Book("shuffled-order.xml");
        InForceInside(shuffled, July14).ShouldBeEmpty();
        InForceInside(shuffled, July15).ShouldBe([("T-SHUFFLED", HeatLevel.Red)]);
        InForceInside(shuffled, July16).ShouldBeEmpty();
    }

    [Fact]
    public void Notes_NameUnknownReferencesAndSecondCopies()
    {
        var book = Book("heat-red-update.xml", "heat-orange-alert.xml", "heat-orange-alert.xml");

        book.Notes.ShouldBe([
            "heat-orange-alert.xml: test.heatrelief.example,T-ORANGE was already recorded from heat-orange-alert.xml; the copy is ignored",
        ]);
        var alone = Book("heat-red-update.xml");
        alone.Notes.ShouldBe(["heat-red-update.xml: references test.heatrelief.example,T-ORANGE, which is no earlier Actual message here"]);
        InForceInside(alone, July15).ShouldBe([("T-RED", HeatLevel.Red)]);
    }
}

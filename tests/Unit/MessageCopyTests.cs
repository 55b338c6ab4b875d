using System.Text;
using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.FanOut;
using HeatRelief.Heat;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Storage;
using HeatRelief.Warnings;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// The copies of the alert and the site that alert and delivery-chunk messages carry (issue 13, step 2): they come back
/// as the same records, a realistic largest chunk fits a queue message, and one that would not goes without them.
/// </summary>
public sealed class MessageCopyTests
{
    private static readonly DateOnly Day = new(2026, 7, 15);

    [Fact]
    public void AlertMessage_For_RoundTripsTheAlertThroughTheQueueJson()
    {
        foreach (var alert in new[] { AlertWith(Warning(20, 60)), AlertWith(null, heatIndex: double.NaN, window: false) })
        {
            var (message, problem) = MessageRules.Parse<AlertMessage>(MessageJson.Serialize(AlertMessage.For(alert)));

            problem.ShouldBeNull();
            message!.Alert.ShouldNotBeNull().ToAlert(message.AlertId, message.Date).ShouldBe(alert);
        }
    }

    [Fact]
    public void DeliveryChunkMessage_For_RoundTripsAlertAndSite()
    {
        var alert = AlertWith(Warning(20, 60));
        var site = LargestSite();

        var (message, problem) = MessageRules.Parse<DeliveryChunkMessage>(MessageJson.Serialize(DeliveryChunkMessage.For(alert, site, ["R1", "R2"])));

        problem.ShouldBeNull();
        message!.Alert.ShouldNotBeNull().ToAlert(message.AlertId, message.Date).ShouldBe(alert);
        message.Site.ShouldBe(site);
    }

    [Fact]
    public void DeliveryChunkMessage_For_ARealisticLargestChunkKeepsItsCopiesAndFitsAQueueMessage()
    {
        // Every field at the importer's limit (name 200, district 100, kind 50, address 300, Chinese throughout, each
        // character written as a six-byte \u escape), 100 ids of the longest allowed 128 characters, a long rule, and an
        // official warning with long headlines in both languages.
        var plain = AlertWith(Warning(headlineChars: 300, senderChars: 60));
        var alert = plain with { Grade = plain.Grade with { Rule = new string('r', 600) } };
        var ids = Enumerable.Range(0, 100).Select(i => $"{i:D3}" + new string('r', 125)).ToList();

        var message = DeliveryChunkMessage.For(alert, LargestSite(), ids);
        var body = MessageJson.Serialize(message);

        message.Alert.ShouldNotBeNull();
        message.Site.ShouldNotBeNull();
        message.Problem().ShouldBeNull();
        Encoding.UTF8.GetByteCount(body).ShouldBeLessThanOrEqualTo(MessageRules.MaxSnapshotBodyBytes, "a poison queue keeps it whole");
        Convert.ToBase64String(Encoding.UTF8.GetBytes(body)).Length.ShouldBeLessThan(64 * 1024, "the queue's message limit, Base64 as the trigger reads it");
    }

    [Fact]
    public void DeliveryChunkMessage_For_ACopyTooBigForTheLimitGoesWithIdsOnly()
    {
        var alert = AlertWith(Warning(headlineChars: 6000, senderChars: 60));

        var message = DeliveryChunkMessage.For(alert, LargestSite(), ["R1"]);

        message.Alert.ShouldBeNull();
        message.Site.ShouldBeNull();
        message.Problem().ShouldBeNull();
        AlertMessage.For(alert).Alert.ShouldBeNull();
    }

    [Fact]
    public void DeliveryChunkMessage_Problem_RefusesCopiesOfAnotherSite()
    {
        var alert = AlertWith(null);
        var message = DeliveryChunkMessage.For(alert, LargestSite(), ["R1"]);

        (message with { Site = message.Site! with { Id = "S2" } }).Problem().ShouldBe("site: id 'S2' is not the message's 'S1'");
        (message with { Alert = message.Alert! with { SiteId = "S2" } }).Problem().ShouldBe("alert: siteId 'S2' is not the message's 'S1'");
        (message with { Alert = message.Alert! with { HottestStart = "1pm" } }).Problem().ShouldBe("alert: hottestStart must be HH:mm");
    }

    [Fact]
    public void MessageRules_Parse_AChunkWithAnUnknownLevelInItsCopyIsRefused()
    {
        var body = MessageJson.Serialize(DeliveryChunkMessage.For(AlertWith(null), LargestSite(), ["R1"])).Replace("\"level\":\"red\"", "\"level\":\"purple\"", StringComparison.Ordinal);

        MessageRules.Parse<DeliveryChunkMessage>(body).Problem.ShouldNotBeNull().ShouldStartWith("not a valid DeliveryChunkMessage:");
    }

    [Fact]
    public void DeliveryChunkMessage_For_ABucketedChunkSaysSoInVersion2_AnotherKeepsTheVersion1Shape()
    {
        var bucketed = DeliveryChunkMessage.For(AlertWith(null), LargestSite(), ["R1"], bucket: 11);
        var plain = DeliveryChunkMessage.For(AlertWith(null), LargestSite(), ["R1"]);

        (bucketed.SchemaVersion, bucketed.Bucket).ShouldBe((2, 11));
        MessageJson.Serialize(bucketed).ShouldContain("\"bucket\":11");
        MessageRules.Parse<DeliveryChunkMessage>(MessageJson.Serialize(bucketed with { Deferred = true })).Message.ShouldNotBeNull().Bucket
            .ShouldBe(11, "a deferred copy keeps the layout and the version");
        (plain.SchemaVersion, plain.Bucket).ShouldBe((1, null));
        MessageJson.Serialize(plain).ShouldNotContain("bucket", customMessage: "an unbucketed chunk is written as before the split");
    }

    private static Site LargestSite() =>
        new("S1", new string('工', 200), new string('区', 100), 39.8, 116.3, new string('k', 50), 100_000, new string('址', 300), AdminCode: "110105");

    private static WarningCitation Warning(int headlineChars, int senderChars) =>
        new(new string('I', 100), "bjmo@cma.example", new DateTimeOffset(2026, 7, 15, 10, 20, 0, TimeSpan.FromHours(8)), HeatLevel.Red,
            new DateTimeOffset(2026, 7, 16, 10, 20, 0, TimeSpan.FromHours(8)), new string('台', senderChars), new string('警', headlineChars),
            new string('o', senderChars), new string('w', headlineChars), DecidedLevel: true);

    private static Alert AlertWith(WarningCitation? warning, double heatIndex = 43.2, bool window = true)
    {
        var grade = new HeatGrade(Day, HeatLevel.Orange, HeatLevel.Orange, 40.5, heatIndex, HeatIndexBand.High,
            window ? new HottestWindow(new TimeOnly(13, 0), 3, 40.1) : null, WorkAdvice.StopOutdoorWork, 0, window, "signal orange; level orange")
        {
            FallbackWindow = window ? null : new HourSpan(11, 16),
        };
        return new Alert(Alert.IdFor("S1", Day, "red", 0), "S1", Day, AlertKind.Escalated, HeatLevel.Red, HeatLevel.Orange, grade, 8 * 3600,
            new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero), warning);
    }
}

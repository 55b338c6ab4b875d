using HeatRelief.Digest;
using HeatRelief.Heat;
using HeatRelief.Sites;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// The daily digest's text: today's and tomorrow's level per site, the hottest hours in local time with the zone named,
/// the legal limit of each level, in the recipient's language; and the CSV column that opts a person out.
/// </summary>
public sealed class DigestTextTests
{
    private static readonly DateOnly Today = new(2026, 7, 15);
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly DigestEntry[] TwoSites =
    [
        new("S1", "Depot", Today, HeatLevel.Red, "13:00", "16:00"),
        new("S1", "Depot", Today.AddDays(1), HeatLevel.Orange, "12:00", "15:00"),
        new("S2", "Market", Today, HeatLevel.Yellow, null, null),
        new("S2", "Market", Today.AddDays(1), HeatLevel.None, null, null),
    ];

    [Fact]
    public void DigestText_Compose_Chinese_GivesEachSitesDaysHottestHoursInBeijingTimeAndTheLegalLimits()
    {
        var (title, body) = DigestText.Compose(Today, TwoSites, Beijing, "zh", 6);

        title.ShouldBe("【高温日报】2026-07-15");
        body.ShouldBe(
            "Depot：今日（2026-07-15）高温红色预警，最热时段13:00-16:00（北京时间），当日应停止露天作业；"
            + "明日（2026-07-16）高温橙色预警，最热时段12:00-15:00（北京时间），露天作业不超过6小时，最热时段停止露天作业。\n"
            + "Market：今日（2026-07-15）高温黄色预警，换班轮休，缩短连续作业时间，不得安排加班；明日（2026-07-16）无高温预警。\n"
            + "本日报不替代预警：级别变化时预警仍会即时发送。");
    }

    [Fact]
    public void DigestText_Compose_English_NamesTheZoneByItsOffsetAndSaysTheRedRuleOfThatDay()
    {
        var entries = new DigestEntry[]
        {
            new("S1", "Depot", Today.AddDays(1), HeatLevel.Red, "14:00", "17:00"),
            new("S1", "Depot", Today, HeatLevel.Orange, "13:00", "16:00"),
        };

        var (title, body) = DigestText.Compose(Today, entries, Beijing, "en", 5);

        title.ShouldBe("[Heat digest] 2026-07-15");
        body.ShouldBe(
            "Depot: today (2026-07-15) orange heat, hottest 13:00-16:00 (UTC+8): at most 5 hours outdoors, none in the hottest hours; "
            + "tomorrow (2026-07-16) red heat, hottest 14:00-17:00 (UTC+8): no outdoor work that day.\n"
            + "This digest replaces no alert: alerts still come at once when a level changes.");
    }

    [Fact]
    public void DigestText_Compose_AZoneWithSummerTime_NamesEachDaysOwnOffset()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var saturday = new DateOnly(2026, 3, 7); // summer time starts on Sunday 8 March 2026
        var entries = new DigestEntry[]
        {
            new("S1", "Yard", saturday, HeatLevel.Yellow, "13:00", "16:00"),
            new("S1", "Yard", saturday.AddDays(1), HeatLevel.Yellow, "13:00", "16:00"),
        };

        var (_, body) = DigestText.Compose(saturday, entries, newYork, "en", 6);

        body.ShouldContain("today (2026-03-07) yellow heat, hottest 13:00-16:00 (UTC-5)");
        body.ShouldContain("tomorrow (2026-03-08) yellow heat, hottest 13:00-16:00 (UTC-4)");
    }

    [Fact]
    public void DigestRecipient_IdempotencyKey_IsOnePerPersonAndLocalDay()
    {
        var manager = new DigestRecipient(DigestRecipient.ManagerKind, "M1", "console", "13800000000", "zh", null, null);
        var officer = manager with { Kind = DigestRecipient.OfficerKind };

        manager.IdempotencyKey(Today).ShouldBe("digest:manager:M1:20260715");
        officer.IdempotencyKey(Today).ShouldBe("digest:officer:M1:20260715", "an officer and a recipient with the same id are two people");
        manager.IdempotencyKey(Today.AddDays(1)).ShouldNotBe(manager.IdempotencyKey(Today));
    }

    [Fact]
    public void DigestOptions_LocalTime_DefaultsToSevenAndRefusesANonTime()
    {
        new DigestOptions().SendFrom.ShouldBe(new TimeOnly(7, 0));
        new DigestOptions { LocalTime = "06:30" }.SendFrom.ShouldBe(new TimeOnly(6, 30));
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var bad = new DigestOptions { LocalTime = "7am" };
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(bad, new(bad), results, true).ShouldBeFalse();
    }

    [Fact]
    public void CsvImporter_DigestColumn_OptsOutWhenFalse_AndAnOldFileWithoutItKeepsTheDigestOn()
    {
        var sites = new HashSet<string>(StringComparer.Ordinal) { "S1" };
        var old = CsvImporter.ParseRecipients("recipients.csv", "id,site_id,name,role,channel,address,language,quiet_start,quiet_end\nR1,S1,Wang,manager,console,13800000000,zh,,\n", sites);
        old.ShouldHaveSingleItem().Digest.ShouldBeTrue();

        var withColumn = CsvImporter.ParseRecipients("recipients.csv",
            "id,site_id,name,role,channel,address,language,quiet_start,quiet_end,digest\nR1,S1,Wang,manager,console,13800000000,zh,,,false\nR2,S1,Li,manager,console,13800000001,zh,,,\n", sites);
        withColumn.Select(r => (r.Id, r.Digest)).ShouldBe([("R1", false), ("R2", true)]);
        Should.Throw<ImportException>(() => CsvImporter.ParseRecipients("recipients.csv",
            "id,site_id,name,role,channel,address,language,quiet_start,quiet_end,digest\nR1,S1,Wang,manager,console,13800000000,zh,,,maybe\n", sites))
            .Message.ShouldContain("digest");

        var officers = CsvImporter.ParseOfficers("officers.csv",
            "id,name,district,latitude,longitude,channel,address,max_visits_per_day,digest\nO1,Zhao,Dongcheng,39.9,116.4,console,13900000001,2,no\nO2,Qian,Dongcheng,39.9,116.4,console,13900000002,2,\n");
        officers.Select(o => (o.Id, o.Digest)).ShouldBe([("O1", false), ("O2", true)]);
        CsvImporter.FieldsOf(withColumn[0])["digest"].ShouldBe("false");
        CsvImporter.FormColumns(DirectoryKind.Officer).ShouldContain("digest");
    }
}

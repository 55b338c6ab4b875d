using System.Globalization;
using System.Text;
using HeatRelief.Acks;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Warnings;

namespace HeatRelief.Digest;

/// <summary>
/// The daily digest a manager or officer reads, in Chinese or English: for each of their sites, today's and tomorrow's
/// level, the hottest hours in local time with the zone named, and the legal limit of the level (<see cref="AckText.Rule"/>,
/// the one wording of it). It ends by saying that alerts still come at once: the digest replaces none.
/// </summary>
public static class DigestText
{
    /// <summary>The title and body of one digest; <paramref name="zone"/> is the sites' zone (hours are named by its offset on each day).</summary>
    public static (string Title, string Body) Compose(DateOnly today, IReadOnlyList<DigestEntry> entries, TimeZoneInfo zone, string language, int limitedHours)
    {
        var zh = language == "zh";
        var body = new StringBuilder();
        foreach (var site in entries.GroupBy(e => e.SiteId, StringComparer.Ordinal))
        {
            var days = site.OrderBy(e => e.Date).Select(e => Day(e, today, zone.GetUtcOffset(e.Date.ToDateTime(new TimeOnly(12, 0))), zh, limitedHours));
            body.Append(zh
                ? $"{site.First().SiteName}：{string.Join("；", days)}。\n"
                : $"{site.First().SiteName}: {string.Join("; ", days)}.\n");
        }

        body.Append(zh
            ? "本日报不替代预警：级别变化时预警仍会即时发送。"
            : "This digest replaces no alert: alerts still come at once when a level changes.");
        var date = Date(today);
        return zh ? ($"【高温日报】{date}", body.ToString()) : ($"[Heat digest] {date}", body.ToString());
    }

    private static string Day(DigestEntry e, DateOnly today, TimeSpan offset, bool zh, int limitedHours)
    {
        var when = e.Date == today
            ? (zh ? $"今日（{Date(e.Date)}）" : $"today ({Date(e.Date)})")
            : e.Date == today.AddDays(1)
                ? (zh ? $"明日（{Date(e.Date)}）" : $"tomorrow ({Date(e.Date)})")
                : Date(e.Date);
        if (e.Level == HeatLevel.None)
        {
            return zh ? $"{when}无高温预警" : $"{when} no heat alert";
        }

        var language = zh ? "zh" : "en";
        var hottest = e.HottestStart is { } start && e.HottestEnd is { } end
            ? (zh ? $"，最热时段{LocalTimeText.Hours(start, end, offset, language)}" : $", hottest {LocalTimeText.Hours(start, end, offset, language)}")
            : string.Empty;
        return zh
            ? $"{when}高温{WarningAdvice.Colour(e.Level, true)}预警{hottest}，{AckText.Rule(e.Level, true, limitedHours)}"
            : $"{when} {WarningAdvice.Colour(e.Level, false)} heat{hottest}: {AckText.Rule(e.Level, false, limitedHours)}";
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

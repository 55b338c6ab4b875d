using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;

namespace HeatRelief.Acks;

/// <summary>What managers, officers and admins read about a site's acknowledgement, in Chinese or English.</summary>
public static class AckText
{
    /// <summary>The line added to a manager's alert: what the law asks today and where to confirm it.</summary>
    public static string Ask(HeatLevel level, int limitedHours, string url, string language) => language == "zh"
        ? $"请用人单位落实防暑降温措施（{Rule(level, true, limitedHours)}），并在此确认已采取的措施：{url}"
        : $"Employers must act today ({Rule(level, false, limitedHours)}). Confirm the measures your site has taken here: {url}";

    public static (string Title, string Body) Reminder(Site site, AckCase ack, int limitedHours, string url, string language) => language == "zh"
        ? ($"【请确认防暑措施】{site.Name} {ack.DateKey}", $"{site.Name}尚未确认今日（{ack.DateKey}，高温{WarningAdvice.Colour(ack.Level, true)}）已落实的防暑降温措施（{Rule(ack.Level, true, limitedHours)}）。请在此确认：{url}")
        : ($"[Confirm heat measures] {site.Name} {ack.DateKey}", $"{site.Name} has not confirmed its heat measures for {ack.DateKey} ({WarningAdvice.Colour(ack.Level, false)} heat: {Rule(ack.Level, false, limitedHours)}). Confirm here: {url}");

    /// <summary>To the site's officer: the site is silent, or its answer says outdoor work goes on at red.</summary>
    public static (string Title, string Body) Officer(Site site, AckCase ack, string language)
    {
        var breach = ack.Latest?.BreaksRule(ack.Level) == true;
        return language == "zh"
            ? ($"【未落实防暑措施】{site.Name} {ack.DateKey}", breach
                ? $"{site.Name}（{site.Address}）在高温红色预警下回复仍有露天作业（{ack.Latest!.OutdoorWorkersNow}人）。按规定当日应停止露天作业，请尽快前往督促落实。"
                : $"{site.Name}（{site.Address}）至今未确认今日已落实的防暑降温措施。该任务已优先安排，请前往时督促用人单位落实主体责任。")
            : ($"[Heat measures not confirmed] {site.Name} {ack.DateKey}", breach
                ? $"{site.Name} ({site.Address}) answered that outdoor work continues ({ack.Latest!.OutdoorWorkersNow} outdoors) under a red heat alert. The rule is no outdoor work that day: please go and press the employer."
                : $"{site.Name} ({site.Address}) has not confirmed its heat measures today. The visit now comes first: please press the employer to meet its duty when you go.");
    }

    /// <summary>
    /// For the site's officer (their page and their offer): what the site said about its heat measures, or that it has
    /// not answered, so they check it on the spot. Null when the site was not asked or its alert was lifted.
    /// </summary>
    public static string? ForOfficer(AckCase? ack, LocalTimeText localTime, string language)
    {
        if (ack is null || ack.Closed)
        {
            return null;
        }

        var zh = language == "zh";
        if (ack.Latest is not { } answer)
        {
            return zh ? "用人单位尚未确认已落实的防暑降温措施，请前往时督促。" : "The employer has not confirmed its heat measures yet: press them when you go.";
        }

        var text = zh
            ? $"用人单位于{localTime.DateTime(answer.At, "zh")}确认：{string.Join("；", answer.Measures.Select(m => m.Label("zh")))}"
                + (answer.Other is { } other ? $"（{other}）" : string.Empty) + $"；目前露天作业{answer.OutdoorWorkersNow}人。"
            : $"The employer confirmed at {localTime.DateTime(answer.At, "en")}: {string.Join("; ", answer.Measures.Select(m => m.Label("en")))}"
                + (answer.Other is { } otherEn ? $" ({otherEn})" : string.Empty) + $"; {answer.OutdoorWorkersNow} working outdoors now.";
        if (answer.BreaksRule(ack.Level))
        {
            text += zh ? "高温红色预警下当日应停止露天作业。" : " Under a red alert there must be no outdoor work today.";
        }

        return text + (zh ? "请在现场核实。" : " Check it on site.");
    }

    /// <summary>To the admins, in Chinese (as every admin notice).</summary>
    public static (string Title, string Body) Admins(Site site, AckCase ack, string hottestStartsAt)
    {
        var breach = ack.Latest?.BreaksRule(ack.Level) == true;
        return ($"【防暑措施未确认】{site.Name} {ack.DateKey}", breach
            ? $"{site.Name}（{site.Id}）在高温红色预警下回复仍有露天作业（{ack.Latest!.OutdoorWorkersNow}人），违反当日停止露天作业的规定。已通知慰问干部。"
            : $"{site.Name}（{site.Id}）高温{WarningAdvice.Colour(ack.Level, true)}，最热时段（{hottestStartsAt}）已开始，仍未确认已落实的防暑降温措施。已提醒负责人并通知慰问干部。");
    }

    /// <summary>
    /// The legal duty at a level: no outdoor work that day at red (40 °C), limited hours away from the hottest at orange
    /// (37-40 °C), shorter shifts at yellow (35-37 °C). Said of "that day", so the daily digest can say it of tomorrow.
    /// </summary>
    public static string Rule(HeatLevel level, bool zh, int limitedHours) => (level, zh) switch
    {
        (HeatLevel.Red, true) => "当日应停止露天作业",
        (HeatLevel.Red, false) => "no outdoor work that day",
        (HeatLevel.Yellow, true) => "换班轮休，缩短连续作业时间，不得安排加班",
        (HeatLevel.Yellow, false) => "shorter shifts: rotate, shorten continuous work, no overtime",
        (_, true) => $"露天作业不超过{limitedHours}小时，最热时段停止露天作业",
        _ => $"at most {limitedHours} hours outdoors, none in the hottest hours",
    };
}

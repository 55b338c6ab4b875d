using System.Globalization;
using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;

namespace HeatRelief.Delivery;

/// <summary>The cooling-relief alert as a person reads it, in Chinese or English.</summary>
public static class AlertText
{
    /// <summary>
    /// The title and body. An official warning in force is cited first (who issued it, its level and identifier); when
    /// it set the level, the advice is that level's legal rule (<see cref="WarningAdvice.RuleFor"/>), never the
    /// forecast's weaker advice.
    /// </summary>
    public static (string Title, string Body) Compose(Alert alert, Site site, string language, int maxOutdoorHoursWhenLimited = 6)
    {
        var zh = language == "zh";
        var date = alert.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var g = alert.Grade;
        var max = g.MaxTemperatureC.ToString("0.0", CultureInfo.InvariantCulture);
        var hi = double.IsNaN(g.MaxHeatIndexC) ? "?" : g.MaxHeatIndexC.ToString("0.0", CultureInfo.InvariantCulture);
        var window = g.HottestWindow is { } w ? LocalTimeText.Hours(w.StartText, w.EndText, TimeSpan.FromSeconds(alert.UtcOffsetSeconds), language) : zh ? "不明（预报数据不完整）" : "unknown (forecast incomplete)";
        // The body cites the warning and gives the figures itself: the advice is the rule alone, not cited twice.
        var advice = WarningAdvice.RuleFor(alert.Warning, alert.Level, g, AdviceText.For(g, language), language, maxOutdoorHoursWhenLimited);
        var cited = Citation(alert.Warning, language);

        if (alert.Kind == AlertKind.Cleared)
        {
            return zh
                ? ($"【解除】{site.Name} {date} 高温预警解除", $"{site.Name}：{date} 高温预警（{LevelZh(alert.PreviousLevel)}）已解除。预报最高气温{max}℃。请继续注意防暑降温。")
                : ($"[All clear] {site.Name} {date}", $"{site.Name}: the {alert.PreviousLevel.ToWire()} heat alert for {date} is lifted. Forecast maximum {max} °C. Keep drinking water.");
        }

        var escalated = alert.Kind == AlertKind.Escalated;
        return zh
            ? ($"【高温{LevelZh(alert.Level)}预警{(escalated ? "升级" : string.Empty)}】{site.Name} {date}",
               $"{site.Name}（{site.District}）{date}：{cited}预报最高气温{max}℃，体感温度{hi}℃，最热时段{window}。{advice} 工会夏送清凉：请多喝水，身体不适立即停工休息并报告。")
            : ($"[{Capitalize(alert.Level.ToWire())} heat alert{(escalated ? ", raised" : string.Empty)}] {site.Name} {date}",
               $"{site.Name} ({site.District}) on {date}: {(cited.Length > 0 ? cited + "Forecast" : "forecast")} maximum {max} °C, heat index {hi} °C, hottest hours {window}. {advice} From your union's summer cooling campaign: drink water often; if you feel unwell, stop work, rest and tell your foreman.");
    }

    /// <summary>"北京市气象台发布高温红色预警（编号…）。" / "Beijing Meteorological Observatory issued a red heat warning (…). "; empty without one.</summary>
    public static string Citation(WarningCitation? warning, string language)
    {
        if (warning is null)
        {
            return string.Empty;
        }

        var zh = language == "zh";
        var sender = warning.SenderName(language);
        return zh
            ? $"{sender}发布高温{WarningAdvice.Colour(warning.Level, true)}预警（{warning.Identifier}）。"
            : $"{sender} issued {(warning.Level == HeatLevel.Orange ? "an" : "a")} {WarningAdvice.Colour(warning.Level, false)} heat warning ({warning.Identifier}). ";
    }

    public static string LevelZh(HeatLevel level) => level switch
    {
        HeatLevel.Red => "红色",
        HeatLevel.Orange => "橙色",
        HeatLevel.Yellow => "黄色",
        _ => "无",
    };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

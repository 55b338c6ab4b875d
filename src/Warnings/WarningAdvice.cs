using System.Globalization;
using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>
/// The advice when an official warning, not the forecast, sets a site's level: the legal rule of the warning's
/// level (China's 2012 heat-protection rules, whose 40/37/35 °C thresholds are the red, orange and yellow warnings'),
/// citing the warning first, then the forecast's figures only. The forecast's own, weaker advice is left out, so a
/// red warning is never followed by "at most 6 hours outdoors".
/// </summary>
public static class WarningAdvice
{
    /// <summary>The advice for a merged day: the forecast's own when the forecast decided (or nothing is higher).</summary>
    public static string For(MergedLevel merged, HeatGrade grade, string forecastAdvice, string language, int maxOutdoorHoursWhenLimited) =>
        merged.DecidedBy != LevelSource.Warning || merged.Warning is not { } warning
            ? forecastAdvice
            : For(merged.Level, merged.ForecastLevel, warning.InfoIn(language).SenderName, grade, forecastAdvice, language, maxOutdoorHoursWhenLimited);

    /// <summary>The advice for an alert that cites a warning; the forecast's own when the warning did not decide.</summary>
    public static string For(WarningCitation? warning, HeatLevel level, HeatGrade grade, string forecastAdvice, string language, int maxOutdoorHoursWhenLimited) =>
        warning is not { DecidedLevel: true }
            ? forecastAdvice
            : For(level, grade.Level, warning.SenderName(language), grade, forecastAdvice, language, maxOutdoorHoursWhenLimited);

    private static string For(HeatLevel level, HeatLevel forecastLevel, string sender, HeatGrade grade, string forecastAdvice, string language, int hours)
    {
        if (level <= forecastLevel)
        {
            return forecastAdvice;
        }

        var zh = language == "zh";
        var rule = Rule(level, grade, zh, hours);
        var cited = zh
            ? $"{sender}发布高温{Colour(level, zh)}预警：{rule}"
            : $"{sender} issued {(level == HeatLevel.Orange ? "an" : "a")} {Colour(level, zh)} heat warning: {rule}";
        var figures = double.IsNaN(grade.MaxHeatIndexC)
            ? (zh ? $"预报最高气温{Number(grade.MaxTemperatureC)}℃。" : $"Forecast maximum {Number(grade.MaxTemperatureC)} °C.")
            : (zh ? $"预报最高气温{Number(grade.MaxTemperatureC)}℃，体感温度（热指数）{Number(grade.MaxHeatIndexC)}℃。"
                : $"Forecast maximum {Number(grade.MaxTemperatureC)} °C, heat index {Number(grade.MaxHeatIndexC)} °C.");
        return zh ? cited + figures : cited + " " + figures;
    }

    /// <summary>
    /// The legal rule alone, for a text that already cites the warning and gives the figures (an alert's body): the
    /// forecast's own advice when the warning did not raise the level above the forecast.
    /// </summary>
    public static string RuleFor(WarningCitation? warning, HeatLevel level, HeatGrade grade, string forecastAdvice, string language, int maxOutdoorHoursWhenLimited)
    {
        if (warning is not { DecidedLevel: true } || level <= grade.Level)
        {
            return forecastAdvice;
        }

        var rule = Rule(level, grade, language == "zh", maxOutdoorHoursWhenLimited);
        return language == "zh" ? rule : char.ToUpperInvariant(rule[0]) + rule[1..];
    }

    private static string Rule(HeatLevel level, HeatGrade grade, bool zh, int hours) => (level, zh) switch
    {
        (HeatLevel.Red, true) => "当日应停止露天作业。",
        (HeatLevel.Red, false) => "stop outdoor work for the day.",
        (HeatLevel.Orange, true) => grade.HottestWindow is { } w
            ? $"露天作业累计不超过{hours}小时，{w.StartText}-{w.EndText}最热时段不得露天作业。"
            : $"露天作业累计不超过{hours}小时，中午和下午最热时段不得露天作业。",
        (HeatLevel.Orange, false) => grade.HottestWindow is { } w
            ? $"at most {hours} hours of outdoor work, and none during the hottest hours {w.StartText}-{w.EndText}."
            : $"at most {hours} hours of outdoor work, and none around midday and in the afternoon.",
        (_, true) => "采取换班轮休，缩短连续作业时间，不得安排加班。",
        (_, false) => "rotate shifts, shorten continuous work, no overtime.",
    };

    /// <summary>The colour word of a level: 红色/橙色/黄色, red/orange/yellow.</summary>
    public static string Colour(HeatLevel level, bool zh) => (level, zh) switch
    {
        (HeatLevel.Red, true) => "红色",
        (HeatLevel.Orange, true) => "橙色",
        (_, true) => "黄色",
        (HeatLevel.Red, false) => "red",
        (HeatLevel.Orange, false) => "orange",
        _ => "yellow",
    };

    private static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}

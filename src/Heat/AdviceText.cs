using System.Globalization;
using HeatRelief.Notifications;

namespace HeatRelief.Heat;

/// <summary>
/// Work advice in the recipient's language (zh or en): the legal rule of China's 2012 heat-protection
/// rules (article 8, from the daily maximum) and the OSHA-NIOSH Heat Safety Tool's measures for the heat
/// index band, the stronger first, so humid heat is never answered with weaker advice than the law's.
/// </summary>
public static class AdviceText
{
    /// <summary>Languages HeatRelief writes alerts in.</summary>
    public static readonly IReadOnlyList<string> Languages = NotificationLanguages.All;

    /// <summary>
    /// The advice for a graded day. Both sentences are given when both apply, the stronger first (the
    /// legal one on a tie); once the legal rule stops outdoor work for the day nothing weaker follows it.
    /// </summary>
    public static string For(HeatGrade grade, string language)
    {
        var zh = language == "zh";
        var legal = Legal(grade, zh);
        var humid = HeatIndexAdvice(grade, zh);
        var separator = zh ? string.Empty : " ";
        if (humid is null)
        {
            return legal ?? (zh
                ? $"预报最高气温{Number(grade.MaxTemperatureC)}℃：暂无高温作业限制，请注意补水。"
                : $"Forecast maximum {Number(grade.MaxTemperatureC)} °C: no heat restriction; keep drinking water.");
        }

        if (legal is null)
        {
            return humid;
        }

        if (grade.Advice == WorkAdvice.StopOutdoorWork)
        {
            return legal;
        }

        return LegalStrength(grade.Advice) >= (int)grade.HeatIndexBand
            ? legal + separator + humid
            : humid + separator + legal;
    }

    /// <summary>
    /// Legal advice and heat index bands on one scale: rotate shifts ~ moderate, limited hours ~ high
    /// (both orange), stop outdoor work ~ extreme (both red).
    /// </summary>
    private static int LegalStrength(WorkAdvice advice) => advice switch
    {
        WorkAdvice.StopOutdoorWork => (int)HeatIndexBand.Extreme,
        WorkAdvice.LimitOutdoorHours => (int)HeatIndexBand.High,
        WorkAdvice.RotateShifts => (int)HeatIndexBand.Moderate,
        _ => (int)HeatIndexBand.Lower,
    };

    private static string? Legal(HeatGrade g, bool zh)
    {
        var max = Number(g.MaxTemperatureC);
        var hours = g.MaxOutdoorHours;
        return (g.Advice, zh) switch
        {
            (WorkAdvice.StopOutdoorWork, true) => $"预报最高气温{max}℃：当日应停止露天作业。",
            (WorkAdvice.StopOutdoorWork, false) => $"Forecast maximum {max} °C: stop outdoor work for the day.",
            (WorkAdvice.LimitOutdoorHours, _) => Limited(g, max, hours, zh),
            (WorkAdvice.RotateShifts, true) => $"预报最高气温{max}℃：采取换班轮休，缩短连续作业时间，不得安排加班。",
            (WorkAdvice.RotateShifts, false) => $"Forecast maximum {max} °C: rotate shifts, shorten continuous work, no overtime.",
            _ => null,
        };
    }

    private static string Limited(HeatGrade g, string max, int hours, bool zh)
    {
        if (g.HottestWindow is { } w)
        {
            return zh
                ? $"预报最高气温{max}℃：露天作业累计不超过{hours}小时，{w.StartText}-{w.EndText}最热时段不得露天作业。"
                : $"Forecast maximum {max} °C: at most {hours} hours of outdoor work, and none during the hottest hours {w.StartText}-{w.EndText}.";
        }

        // Never a window computed around a gap: say the hottest hours are unknown and name the wider span to keep free.
        return (g.FallbackWindow, zh) switch
        {
            ({ } f, true) => $"预报最高气温{max}℃：露天作业累计不超过{hours}小时；预报数据不完整，最热时段无法确定，{f.StartText}-{f.EndText}不得露天作业。",
            ({ } f, false) => $"Forecast maximum {max} °C: at most {hours} hours of outdoor work; the forecast is incomplete, so the hottest hours are not known: no outdoor work {f.StartText}-{f.EndText}.",
            (null, true) => $"预报最高气温{max}℃：露天作业累计不超过{hours}小时；预报数据不完整，最热时段无法确定，中午和下午不得露天作业。",
            (null, false) => $"Forecast maximum {max} °C: at most {hours} hours of outdoor work; the forecast is incomplete, so the hottest hours are not known: no outdoor work around midday and in the afternoon.",
        };
    }

    /// <summary>The OSHA-NIOSH protective measures of the day's heat index band; none for the lower band.</summary>
    private static string? HeatIndexAdvice(HeatGrade g, bool zh)
    {
        if (double.IsNaN(g.MaxHeatIndexC))
        {
            return null;
        }

        var hi = Number(g.MaxHeatIndexC);
        return (g.HeatIndexBand, zh) switch
        {
            (HeatIndexBand.Moderate, true) => $"体感温度（热指数）{hi}℃（中度风险）：落实防暑措施、提高警惕；每15-20分钟补水一次，在阴凉处休息，留意中暑征兆。",
            (HeatIndexBand.Moderate, false) => $"Heat index {hi} °C (moderate risk): take precautions and stay alert; drink water every 15-20 minutes, rest in the shade and watch for signs of heat illness.",
            (HeatIndexBand.High, true) => $"体感温度（热指数）{hi}℃（高度风险）：加强防护；每小时到阴凉处休息，每15-20分钟补水一次，结伴作业，重体力活改到凉爽时段。",
            (HeatIndexBand.High, false) => $"Heat index {hi} °C (high risk): take extra precautions; rest in the shade every hour, drink water every 15-20 minutes, work in pairs and move heavy work to the cooler hours.",
            (HeatIndexBand.Extreme, true) => $"体感温度（热指数）{hi}℃（极高风险）：当日停止露天作业，重体力作业一律停止；确需进行的紧急作业只可短时轮班，勤到阴凉处休息，每15-20分钟补水一次，并有同伴照看。",
            (HeatIndexBand.Extreme, false) => $"Heat index {hi} °C (extreme risk): stop outdoor work for the day, strenuous work above all; only work that cannot wait goes on, in short shifts with frequent rest in the shade, water every 15-20 minutes and a partner watching for heat illness.",
            _ => null,
        };
    }

    private static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}

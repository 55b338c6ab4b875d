using System.Globalization;

namespace HeatRelief.Heat;

/// <summary>Work advice in the recipient's language (zh or en), per China's 2012 heat-protection rules.</summary>
public static class AdviceText
{
    /// <summary>Languages HeatRelief writes alerts in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["zh", "en"];

    public static string For(HeatGrade grade, string language) =>
        For(grade.Advice, grade.MaxTemperatureC, grade.MaxHeatIndexC, grade.HottestWindow?.StartText, grade.HottestWindow?.EndText, grade.MaxOutdoorHours, language);

    public static string For(WorkAdvice advice, double maxC, double heatIndexC, string? windowStart, string? windowEnd, int maxOutdoorHours, string language)
    {
        var zh = language == "zh";
        var max = maxC.ToString("0.0", CultureInfo.InvariantCulture);
        var hi = double.IsNaN(heatIndexC) ? "?" : heatIndexC.ToString("0.0", CultureInfo.InvariantCulture);
        // Without a known window the sentence names "the hottest hours" once, not twice.
        var window = windowStart is null ? string.Empty : zh ? $"{windowStart}-{windowEnd}" : $" {windowStart}-{windowEnd}";
        return (advice, zh) switch
        {
            (WorkAdvice.StopOutdoorWork, true) => $"预报最高气温{max}℃：当日应停止露天作业。",
            (WorkAdvice.StopOutdoorWork, false) => $"Forecast maximum {max} °C: stop outdoor work for the day.",
            (WorkAdvice.LimitOutdoorHours, true) => $"预报最高气温{max}℃：露天作业累计不超过{maxOutdoorHours}小时，{window}最热时段不得露天作业。",
            (WorkAdvice.LimitOutdoorHours, false) => $"Forecast maximum {max} °C: at most {maxOutdoorHours} hours of outdoor work, and none during the hottest hours{window}.",
            (WorkAdvice.RotateShifts, true) => $"预报最高气温{max}℃：采取换班轮休，缩短连续作业时间，不得安排加班。",
            (WorkAdvice.RotateShifts, false) => $"Forecast maximum {max} °C: rotate shifts, shorten continuous work, no overtime.",
            (WorkAdvice.HeatIndexCaution, true) => $"体感温度（热指数）{hi}℃：在阴凉处轮流休息，每15-20分钟补水一次。",
            (WorkAdvice.HeatIndexCaution, false) => $"Heat index {hi} °C: take breaks in the shade and drink water every 15-20 minutes.",
            (_, true) => $"预报最高气温{max}℃：暂无高温作业限制，请注意补水。",
            _ => $"Forecast maximum {max} °C: no heat restriction; keep drinking water.",
        };
    }
}

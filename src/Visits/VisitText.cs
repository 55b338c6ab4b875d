using System.Globalization;
using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;

namespace HeatRelief.Visits;

/// <summary>What an officer or admin reads about a visit (and admins about a failed weather source), in Chinese or English.</summary>
public static class VisitText
{
    public static (string Title, string Body) Offer(Visit a, Site site, HottestWindow? hottest, DateTimeOffset acceptBy, string acceptUrl, string declineUrl, string language, LocalTimeText localTime, WarningCitation? warning = null, string? addition = null)
    {
                var cited = Delivery.AlertText.Citation(warning, language);
        var zh = language == "zh";
        var where = Where(site, zh);
        var window = hottest is { } w ? LocalTimeText.Hours(w.StartText, w.EndText, localTime.Zone.GetUtcOffset(acceptBy), language) : zh ? "不明（预报数据不完整）" : "unknown (forecast incomplete)";
        var by = localTime.DateTime(acceptBy, language);
        var p = a.Plan;
        return zh
            ? ($"【夏送清凉任务】{site.Name} {a.DateKey}（{Level(a.Level, true)}）",
               $"请于{a.DateKey}前往{site.Name}（{site.District}，{where}）慰问户外劳动者。{cited}高温{Level(a.Level, true)}预警，最热时段{window}，户外作业{a.OutdoorWorkers}人。"
               + $"请携带：饮用水{Num(p.WaterLitres)}升、绿豆汤{Num(p.SoupLitres)}升、防暑药箱{p.MedicineKits}个。"
               + addition + $"请在{by}前确认。接受：{acceptUrl} 拒绝：{declineUrl}")
            : ($"[Cooling-relief visit] {site.Name} {a.DateKey} ({Level(a.Level, false)})",
               $"Please visit {site.Name} ({site.District}, {where}) on {a.DateKey}. {cited}{Level(a.Level, false)} heat alert, hottest hours {window}, {a.OutdoorWorkers} outdoor workers. "
               + $"Bring {Num(p.WaterLitres)} L of drinking water, {Num(p.SoupLitres)} L of mung-bean soup and {p.MedicineKits} heatstroke medicine kits. "
               + (addition is null ? string.Empty : addition + " ") + $"Answer by {by}. Accept: {acceptUrl} Decline: {declineUrl}");
    }

    public static (string Title, string Body) Accepted(Visit a, Site site, string completeUrl, string language) =>
        language == "zh"
            ? ($"【已确认】{site.Name} {a.DateKey}", $"感谢您接受{site.Name}的慰问任务。完成后请点此登记慰问人数和物资：{completeUrl}")
            : ($"[Confirmed] {site.Name} {a.DateKey}", $"Thank you for taking the visit to {site.Name}. When it is done, record the workers reached and supplies here: {completeUrl}");

    public static (string Title, string Body) ForAdmins(Visit a, Site site, bool escalated, string language, double? nobodyWithinKm = null)
    {
        var zh = language == "zh";
        var why = nobodyWithinKm is { } km
            ? (zh ? string.Create(CultureInfo.InvariantCulture, $"{km:0.#}公里内没有工会干部") : string.Create(CultureInfo.InvariantCulture, $"no officer within {km:0.#} km"))
            : zh ? "已满额或停用" : "all at their daily cap or inactive";
        var tried = a.TriedOfficers.Count == 0 ? (zh ? "无" : "none") : string.Join(", ", a.TriedOfficers);
        return (zh, escalated) switch
        {
            (true, true) => ($"【需人工安排】{site.Name} {a.DateKey}", $"{site.Name}（{site.District}）{a.DateKey}的慰问任务已被{a.TriedOfficers.Count}名干部拒绝或超时（{tried}），请人工安排。高温{Level(a.Level, true)}，户外作业{a.OutdoorWorkers}人。"),
            (true, false) => ($"【无人可派】{site.Name} {a.DateKey}", $"{site.Name}（{site.District}）{a.DateKey}高温{Level(a.Level, true)}，户外作业{a.OutdoorWorkers}人，目前没有可派的工会干部（{why}）。系统将继续尝试，请关注。"),
            (false, true) => ($"[Needs an admin] {site.Name} {a.DateKey}", $"The visit to {site.Name} ({site.District}) on {a.DateKey} was declined or left unanswered by {a.TriedOfficers.Count} officers ({tried}). Please arrange it by hand. {Level(a.Level, false)} heat, {a.OutdoorWorkers} outdoor workers."),
            _ => ($"[No officer available] {site.Name} {a.DateKey}", $"{site.Name} ({site.District}) has a {Level(a.Level, false)} heat alert on {a.DateKey} with {a.OutdoorWorkers} outdoor workers, and no officer is free ({why}). HeatRelief keeps trying."),
        };
    }

    /// <summary>A heat check got no forecast: levels were left as they were, and the next run tries again.</summary>
    public static (string Title, string Body) WeatherFailed(int sites, string error, DateTimeOffset at, string language, LocalTimeText localTime)
    {
        var when = localTime.DateTime(at, language);
        return language == "zh"
            ? ("【天气数据中断】高温检查未完成", $"{when}的高温检查未能取得天气预报（{sites}个工地，原因：{error}）。本次没有更改任何预警等级，也没有解除任何预警；下次定时检查将重试。在此期间请留意各工地的实际高温情况。")
            : ("[Weather data unavailable] Heat check not done", $"The heat check at {when} could not get a forecast for {sites} sites ({error}). No alert level was changed and no alert was cleared; the next scheduled check tries again. Meanwhile, keep an eye on the heat at the sites.");
    }

    private static string Where(Site site, bool zh) =>
        site.Address.Length > 0
            ? site.Address
            : string.Create(CultureInfo.InvariantCulture, $"{(zh ? "坐标" : "at")} {site.Latitude:0.0000}, {site.Longitude:0.0000}");

    private static string Level(HeatLevel level, bool zh) => zh
        ? Delivery.AlertText.LevelZh(level)
        : level switch { HeatLevel.Red => "Red", HeatLevel.Orange => "Orange", HeatLevel.Yellow => "Yellow", _ => "No" };

    private static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace HeatRelief.Audit;

/// <summary>
/// Instants as a person reads them: the local time of the campaign's zone (<c>Audit__TimeZone</c>, which is
/// also every site's zone) with the zone named, e.g. <c>2026-11-30 13:14（北京时间）</c> in Chinese and
/// <c>2026-11-30 13:14 (UTC+8)</c> in English. Storage and machine formats stay UTC; only texts use this.
/// </summary>
public sealed class LocalTimeText(TimeZoneInfo zone)
{
    // Every id that names the zone of the People's Republic (IANA and Windows spellings).
    private static readonly HashSet<string> BeijingZones = new(StringComparer.OrdinalIgnoreCase)
    {
        "Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC", "China Standard Time",
    };

    /// <summary>The zone times are shown in.</summary>
    public TimeZoneInfo Zone => zone;

    /// <summary>The zone's IANA id (for a browser's <c>Intl.DateTimeFormat</c>), converted from a Windows id where needed.</summary>
    public string IanaId => zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : "Etc/UTC";

    /// <summary>The zone's fixed Chinese name (<c>北京时间</c>), or null when Chinese texts name it by its offset.</summary>
    public string? ChineseName => BeijingZones.Contains(zone.Id) ? "北京时间" : null;

    /// <summary>The formatter for a time zone id (IANA or Windows); throws when the id is unknown.</summary>
    public static LocalTimeText For(string zoneId) => new(TimeZoneInfo.FindSystemTimeZoneById(zoneId));

    /// <summary>The local date and time to the minute, zone named: <c>2026-11-30 13:14（北京时间）</c> / <c>2026-11-30 13:14 (UTC+8)</c>.</summary>
    public string DateTime(DateTimeOffset instant, string language) => Named(instant, "yyyy-MM-dd HH:mm", language);

    /// <summary>As <see cref="DateTime"/>, to the second (the audit log's listing).</summary>
    public string DateTimeSeconds(DateTimeOffset instant, string language) => Named(instant, "yyyy-MM-dd HH:mm:ss", language);

    /// <summary>The local time of day, zone named: <c>13:14（北京时间）</c> / <c>13:14 (UTC+8)</c>.</summary>
    public string Time(DateTimeOffset instant, string language) => Named(instant, "HH:mm", language);

    /// <summary>The instant in the zone, without a name (for a caller that lays the name out itself).</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>
    /// The zone's name at an instant: <c>北京时间</c> for Beijing time in Chinese, else its offset then,
    /// <c>UTC+8</c>, <c>UTC-3</c>, <c>UTC+5:30</c>, <c>UTC+0</c> (so a summer time change shows).
    /// </summary>
    public string ZoneName(DateTimeOffset instant, string language) =>
        IsChinese(language) && ChineseName is { } name ? name : OffsetName(zone.GetUtcOffset(instant));

    /// <summary>
    /// Hours of a day as a forecast gives them, in the forecast's own offset, zone named:
    /// <c>13:00-16:00（北京时间）</c> in Chinese at UTC+8, <c>13:00-16:00 (UTC+8)</c> in English.
    /// </summary>
    public static string Hours(string startText, string endText, TimeSpan offset, string language) => Clock($"{startText}-{endText}", offset, language);

    /// <summary>A local clock time (or span) given as text, with its offset named: <c>13:00（北京时间）</c>, <c>13:00 (UTC+8)</c>.</summary>
    public static string Clock(string text, TimeSpan offset, string language) =>
        IsChinese(language)
            ? $"{text}（{(offset == TimeSpan.FromHours(8) ? "北京时间" : OffsetName(offset))}）"
            : $"{text} ({OffsetName(offset)})";

    /// <summary><c>UTC+8</c>, <c>UTC-3</c>, <c>UTC+5:30</c>, <c>UTC+0</c>.</summary>
    public static string OffsetName(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return abs.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{(int)abs.TotalHours}")
            : string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{(int)abs.TotalHours}:{abs.Minutes:D2}");
    }

    private string Named(DateTimeOffset instant, string format, string language)
    {
        var text = Local(instant).ToString(format, CultureInfo.InvariantCulture);
        var name = ZoneName(instant, language);
        return IsChinese(language) ? $"{text}（{name}）" : $"{text} ({name})";
    }

    private static bool IsChinese(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}

using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>
/// The official warning an alert, evaluation or offer cites: which message (sender, identifier, sent), its level and
/// end, who issued it and its headline in Chinese and English (the same words when the message has one language),
/// and whether it decided the level (it was at least as high as the forecast's grade).
/// </summary>
public sealed record WarningCitation(
    string Identifier,
    string Sender,
    DateTimeOffset Sent,
    HeatLevel Level,
    DateTimeOffset? Expires,
    string SenderNameZh,
    string HeadlineZh,
    string SenderNameEn,
    string HeadlineEn,
    bool DecidedLevel)
{
    /// <summary>The citation of a merged day's warning; null when no heat warning was in force.</summary>
    public static WarningCitation? Of(MergedLevel merged)
    {
        if (merged.Warning is not { } w)
        {
            return null;
        }

        var zh = w.InfoIn("zh");
        var en = w.InfoIn("en");
        return new WarningCitation(w.Document.Identifier, w.Document.Sender, w.Document.Sent, w.Level, w.Info.Expires,
            zh.SenderName, zh.Headline, en.SenderName, en.Headline, merged.DecidedBy == LevelSource.Warning);
    }

    public string SenderName(string language) => language == "zh" ? SenderNameZh : SenderNameEn;

    public string Headline(string language) => language == "zh" ? HeadlineZh : HeadlineEn;
}

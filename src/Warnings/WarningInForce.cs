using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>An official heat warning in force at a site on a day: the message, the info block that covers the site, and how.</summary>
public sealed record WarningInForce(CapDocument Document, CapInfo Info, HeatWarningLevel Classification, AreaMatch Match)
{
    public HeatLevel Level => Classification.Level;

    /// <summary>
    /// The message's info block in a language (<c>zh</c> matches <c>zh-CN</c>) at the same severity, for a text a
    /// person reads; the block that covers the site when the message has none in that language.
    /// </summary>
    public CapInfo InfoIn(string language) =>
        Document.Infos.FirstOrDefault(i => i.Language.StartsWith(language, StringComparison.OrdinalIgnoreCase) && i.Severity == Info.Severity) ?? Info;
}

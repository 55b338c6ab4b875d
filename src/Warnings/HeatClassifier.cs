using System.Text.RegularExpressions;
using HeatRelief.Heat;

namespace HeatRelief.Warnings;

/// <summary>
/// Tells heat warnings from others and reads their level on the Chinese colour scale: severity Extreme = red,
/// Severe = orange, Moderate = yellow, Minor = blue (raises nothing), cross-checked with the colour word in the headline.
/// </summary>
public sealed class HeatClassifier
{
    /// <summary>Colour words in Chinese and English; blue maps to <see cref="HeatLevel.None"/>.</summary>
    private static readonly Regex ColourWord = new(@"红色|橙色|黄色|蓝色|(?<![A-Za-z])(red|orange|yellow|blue)(?![A-Za-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly Regex _heatEvent;

    public HeatClassifier(WarningsOptions options)
    {
        // A name starting or ending with a Latin letter must stand as a word; a Chinese one ("高温") may sit inside a longer event.
        var names = options.HeatEventNames().Select(n => $"(?<![A-Za-z]){Regex.Escape(n)}(?![A-Za-z])").ToList();
        if (names.Count == 0)
        {
            // An empty pattern would match every event and make a rainstorm a heat warning.
            throw new ArgumentException("no heat event names (Warnings__HeatEvents)", nameof(options));
        }

        _heatEvent = new Regex(string.Join('|', names), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>Whether the info's event, or any of its eventCode values, names high temperature.</summary>
    public bool IsHeat(CapInfo info) =>
        _heatEvent.IsMatch(info.Event) || info.EventCodes.Any(c => _heatEvent.IsMatch(c.Value));

    /// <summary>The level a heat info sets (see <see cref="HeatWarningLevel"/>); null when it is not a heat warning.</summary>
    public HeatWarningLevel? Classify(CapInfo info)
    {
        if (!IsHeat(info))
        {
            return null;
        }

        HeatLevel? fromSeverity = info.Severity switch
        {
            CapSeverity.Extreme => HeatLevel.Red,
            CapSeverity.Severe => HeatLevel.Orange,
            CapSeverity.Moderate => HeatLevel.Yellow,
            CapSeverity.Minor => HeatLevel.None,
            _ => null,
        };
        var fromHeadline = HeadlineColour(info.Headline);
        var level = (HeatLevel)Math.Max((int)(fromSeverity ?? HeatLevel.None), (int)(fromHeadline ?? HeatLevel.None));
        var mismatch = fromSeverity is { } s && fromHeadline is { } h && s != h
            ? $"severity {info.Severity} ({Colour(s)}) but the headline says {Colour(h)}: taken as {Colour(level)}"
            : null;
        return new HeatWarningLevel(level, fromSeverity, fromHeadline, mismatch);
    }

    /// <summary>
    /// The colour the headline names last: an upgrade reads "将高温橙色预警升级为红色预警", and the colour it ends
    /// on is the one in force. Null when the headline names none.
    /// </summary>
    public static HeatLevel? HeadlineColour(string headline)
    {
        var words = ColourWord.Matches(headline);
        return words.Count == 0 ? null : words[^1].Value.ToLowerInvariant() switch
        {
            "红色" or "red" => HeatLevel.Red,
            "橙色" or "orange" => HeatLevel.Orange,
            "黄色" or "yellow" => HeatLevel.Yellow,
            _ => HeatLevel.None,
        };
    }

    private static string Colour(HeatLevel level) => level == HeatLevel.None ? "blue (none)" : level.ToWire();
}

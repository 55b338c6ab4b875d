using System.Text.RegularExpressions;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>Checks that a text a person reads shows local time with the zone named, never a bare UTC time.</summary>
public static partial class LocalTimeAssertions
{
    /// <summary>Every "UTC" in the text is an offset that names a zone (UTC+8, UTC-3, UTC+5:30), never a bare "... UTC" time.</summary>
    public static void ShouldNameTheZoneOfEveryUtc(string text, string? what = null)
    {
        var bare = BareUtc().Matches(text).Select(m => Around(text, m.Index)).ToList();
        bare.ShouldBeEmpty($"{what ?? "the text"} shows a time in bare UTC: {string.Join(" | ", bare)}");
    }

    private static string Around(string text, int index) => text[Math.Max(0, index - 30)..Math.Min(text.Length, index + 10)];

    [GeneratedRegex(@"UTC(?![+-]\d)")]
    private static partial Regex BareUtc();
}

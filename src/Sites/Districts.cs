namespace HeatRelief.Sites;

/// <summary>
/// Beijing's 16 districts, however a spreadsheet writes them: 朝阳区, 朝阳, Chaoyang, "Chaoyang District" and
/// "chaoyangqu" are one district. Names of other places are compared trimmed and without case.
/// </summary>
public static class Districts
{
    private static readonly (string Pinyin, string Chinese)[] Beijing =
    [
        ("dongcheng", "东城"), ("xicheng", "西城"), ("chaoyang", "朝阳"), ("fengtai", "丰台"),
        ("shijingshan", "石景山"), ("haidian", "海淀"), ("mentougou", "门头沟"), ("fangshan", "房山"),
        ("tongzhou", "通州"), ("shunyi", "顺义"), ("changping", "昌平"), ("daxing", "大兴"),
        ("huairou", "怀柔"), ("pinggu", "平谷"), ("miyun", "密云"), ("yanqing", "延庆"),
    ];

    private static readonly Dictionary<string, string> Known = Beijing
        .SelectMany(d => new[] { (d.Pinyin, d.Pinyin), (d.Chinese, d.Pinyin), (d.Chinese + "区", d.Pinyin), (d.Pinyin + "qu", d.Pinyin), (d.Pinyin + "district", d.Pinyin) })
        .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>The district's pinyin for a Beijing district, else the name trimmed, lower-cased and without spaces.</summary>
    public static string Normalise(string district)
    {
        var key = string.Concat(district.Where(c => !char.IsWhiteSpace(c) && c != '-')).ToLowerInvariant();
        return Known.TryGetValue(key, out var pinyin) ? pinyin : key;
    }

    /// <summary>Whether two written districts name the same one.</summary>
    public static bool Same(string a, string b) => string.Equals(Normalise(a), Normalise(b), StringComparison.Ordinal);
}

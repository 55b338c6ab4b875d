using System.Text.RegularExpressions;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// The top-level public or internal types a C# file declares (file-scoped namespaces put them at column 0;
/// nested types are indented and not counted; <c>file</c>-local and private types are not counted).
/// </summary>
public static partial class TopLevelTypes
{
    public static IReadOnlyList<string> Of(string text) =>
        Declaration().Matches(text).Where(m => !m.Groups["mods"].Value.Contains("file", StringComparison.Ordinal)).Select(m => m.Groups["name"].Value).ToList();

    /// <summary>Why a file breaks "one public type per file, named for it", or null.</summary>
    public static string? Problem(string fileName, string text)
    {
        var types = Of(text);
        var expected = Path.GetFileNameWithoutExtension(fileName);
        return types.Count switch
        {
            1 when types[0] == expected => null,
            1 => $"declares {types[0]}, not {expected}",
            0 => null,
            _ => $"declares {types.Count} types: {string.Join(", ", types)}",
        };
    }

    [GeneratedRegex(@"^(?<mods>(?:(?:public|internal|file|static|sealed|abstract|partial|readonly|ref|unsafe|new)\s+)*)(?:record\s+struct|record\s+class|class|record|struct|interface|enum|delegate\s+[^(]*?)\s+(?<name>[A-Za-z_]\w*)", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}

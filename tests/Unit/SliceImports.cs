using System.Text.RegularExpressions;

namespace HeatRelief.Tests.Unit;

/// <summary>One place where a file in one slice of src/ refers to another slice.</summary>
public sealed record SliceImport(string File, int Line, string From, string To, string Text)
{
    public override string ToString() => $"{File}:{Line}: {From} -> {To}: {Text}";
}

/// <summary>
/// Reads the slice-to-slice imports of C# source text: <c>using HeatRelief.X</c> (also <c>global</c>, <c>static</c>
/// and aliased), fully qualified <c>HeatRelief.X.Type</c>, and namespace-relative <c>X.Type</c> where X is another
/// slice's name not preceded by '.' or an identifier character. Whole-line comments are not imports.
/// </summary>
public static partial class SliceImports
{
    /// <summary>The layers of src/, bottom first: a slice may import only slices to its left.</summary>
    public static readonly IReadOnlyList<string> Layers =
    [
        "Triggers", "Storage", "Audit", "Messaging", "Notifications", "Sites", "Weather", "Heat", "Warnings",
        "Alerts", "Delivery", "Visits", "Acks", "Digest", "FanOut", "HeatCheck", "Review", "CapFeed", "Api", "Dashboard", "Application",
    ];

    /// <summary>Every reference in <paramref name="text"/> (a file of slice <paramref name="from"/>) to another of <paramref name="slices"/>.</summary>
    public static IReadOnlyList<SliceImport> Collect(string file, string from, string text, IReadOnlySet<string> slices)
    {
        var result = new List<SliceImport>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith("namespace ", StringComparison.Ordinal))
            {
                continue;
            }

            var targets = Qualified().Matches(line).Select(m => m.Groups[1].Value)
                .Concat(Relative().Matches(line).Select(m => m.Groups[1].Value));
            foreach (var to in targets.Distinct(StringComparer.Ordinal))
            {
                if (to != from && slices.Contains(to))
                {
                    result.Add(new SliceImport(file, i + 1, from, to, trimmed.Length <= 160 ? trimmed : trimmed[..160]));
                }
            }
        }

        return result;
    }

    /// <summary>The namespace a file declares (file-scoped or block), or null.</summary>
    public static string? Namespace(string text) => NamespaceLine().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>A loop among the slices, as the path that closes it (A, B, A), or null when there is none.</summary>
    public static IReadOnlyList<string>? FindCycle(IEnumerable<SliceImport> imports)
    {
        var edges = imports.GroupBy(i => i.From, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.To).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Skip(path.IndexOf(next)), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary>The imports of a slice that is not strictly above its target in <paramref name="layers"/> (or not in it at all).</summary>
    public static IReadOnlyList<SliceImport> AgainstLayers(IEnumerable<SliceImport> imports, IReadOnlyList<string> layers) =>
        imports.Where(i => layers.IndexOf(i.From) is var from && layers.IndexOf(i.To) is var to && (from < 0 || to < 0 || to >= from)).ToList();

    private static int IndexOf(this IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }

        return -1;
    }

    // using HeatRelief.X; global using ...; using static HeatRelief.X.Y; using A = HeatRelief.X.Y; HeatRelief.X.Type; global::HeatRelief.X
    [GeneratedRegex(@"(?<![\w.])HeatRelief\.(\w+)")]
    private static partial Regex Qualified();

    // X.Type where X is not itself a member (no '.' before) nor the tail of a longer identifier.
    [GeneratedRegex(@"(?<![\w.:])([A-Z]\w*)\.(?=[A-Z_])")]
    private static partial Regex Relative();

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}

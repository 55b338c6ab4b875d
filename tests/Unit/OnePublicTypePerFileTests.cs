using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Unit;

/// <summary>Every file under src/ declares one top-level type, named for it (the house style's second example).</summary>
public sealed class OnePublicTypePerFileTests
{
    [Fact]
    public void Src_EveryFile_DeclaresOneTypeNamedForIt()
    {
        var src = Path.Combine(TestPaths.Root, "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        files.Count.ShouldBeGreaterThan(50, "the scan found too few files to mean anything");

        var problems = files
            .Select(f => (File: Path.GetRelativePath(TestPaths.Root, f).Replace('\\', '/'), Problem: TopLevelTypes.Problem(f, File.ReadAllText(f))))
            .Where(p => p.Problem is not null)
            .Select(p => $"{p.File}: {p.Problem}")
            .ToList();
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void TopLevelTypes_Problem_CountsTopLevelTypesOnly()
    {
        const string two = """
            namespace HeatRelief.X;

            /// <summary>A thing.</summary>
            public sealed record Thing(int A)
            {
                public sealed class Nested;
            }

            internal static partial class Helper
            {
            }
            """;

        TopLevelTypes.Of(two).ShouldBe(["Thing", "Helper"]);
        TopLevelTypes.Problem("Thing.cs", two).ShouldBe("declares 2 types: Thing, Helper");
        TopLevelTypes.Problem("Other.cs", "public enum Kind { A }").ShouldBe("declares Kind, not Other");
        TopLevelTypes.Problem("Handler.cs", "public abstract class Handler<T>(int x)\n    where T : class;").ShouldBeNull();
    }
}

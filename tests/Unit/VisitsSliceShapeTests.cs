using System.Reflection;
using System.Text.RegularExpressions;
using HeatRelief.Tests.Infrastructure;
using HeatRelief.Visits;

namespace HeatRelief.Tests.Unit;

/// <summary>The visits slice's shape: one public type per file, named for it, and services of at most seven dependencies.</summary>
public sealed partial class VisitsSliceShapeTests
{
    private const int MaxDependencies = 7;

    [Fact]
    public void VisitsSlice_EachFile_HoldsOnePublicTypeNamedForIt()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src", "Visits"), "*.cs")
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src", "Api"), "Visit*.cs"))
            .ToList();
        files.Count.ShouldBeGreaterThan(20, "the slice was found");

        var problems = files
            .Select(f => (File: Path.GetFileNameWithoutExtension(f), Types: PublicType().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value).ToList()))
            .Where(f => f.Types.Count != 1 || f.Types[0] != f.File)
            .Select(f => $"{f.File}.cs: {string.Join(", ", f.Types)}")
            .ToList();
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void VisitsSlice_Services_TakeAtMostSevenDependencies()
    {
        var services = typeof(Visit).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Visit).Namespace && t.IsClass && !t.IsAbstract && !IsRecord(t) && !typeof(Exception).IsAssignableFrom(t))
            .ToList();
        services.ShouldContain(typeof(VisitOfferer), "the services were found");

        services.SelectMany(t => t.GetConstructors().Select(c => (Type: t.Name, Count: c.GetParameters().Length)))
            .Where(c => c.Count > MaxDependencies)
            .Select(c => $"{c.Type}: {c.Count}")
            .ShouldBeEmpty();
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    [GeneratedRegex(@"^public (?:(?:sealed|static|abstract|partial) )*(?:class|record|enum|interface|struct) (?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex PublicType();
}

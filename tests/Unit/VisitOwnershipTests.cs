using System.Text.RegularExpressions;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Unit;

/// <summary>The visit record owns its state changes, and only stores write columns (house style examples 1 and 4).</summary>
public sealed partial class VisitOwnershipTests
{
    private static readonly string VisitRecord = Path.Combine("src", "Visits", "Visit.cs");

    [Fact]
    public void Sources_ChangeAVisitsStatusOrRecordAStep_OnlyInVisitRecord()
    {
        var offenders = Sources()
            .Where(f => Path.GetRelativePath(TestPaths.Root, f) != VisitRecord)
            .SelectMany(f => Matches(f, StatusWrite()).Concat(Matches(f, TransitionBuilt())))
            .ToList();
        offenders.ShouldBeEmpty("a visit's status changes and steps are made by its moves in src/Visits/Visit.cs");
    }

    [Fact]
    public void VisitsSlice_BuildsTableRows_OnlyInItsStores()
    {
        var offenders = Sources()
            .Where(f => Path.GetRelativePath(TestPaths.Root, f).StartsWith(Path.Combine("src", "Visits"), StringComparison.Ordinal)
                && !Path.GetFileName(f).EndsWith("Store.cs", StringComparison.Ordinal))
            .SelectMany(f => Matches(f, TableRow()))
            .ToList();
        offenders.ShouldBeEmpty("only the visits slice's stores build table rows");
    }

    [Fact]
    public void Checks_FindWhatTheyLookFor()
    {
        // The patterns must catch the forms they forbid, or the checks above would pass on anything.
        StatusWrite().IsMatch("a with { Status = VisitStatus.Accepted, UpdatedAt = now }").ShouldBeTrue();
        StatusWrite().IsMatch("v => v with\n        {\n            Status = status,").ShouldBeTrue();
        StatusWrite().IsMatch("a with { NotifiedAt = now }").ShouldBeFalse();
        TransitionBuilt().IsMatch("new VisitTransition(now, \"-\", \"pending\"").ShouldBeTrue();
        TableRow().IsMatch("new TableEntity(key, row)").ShouldBeTrue();
        File.ReadAllText(Path.Combine(TestPaths.Root, VisitRecord)).ShouldContain("new VisitTransition(");
    }

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static IEnumerable<string> Matches(string file, Regex pattern) =>
        pattern.Matches(File.ReadAllText(file)).Select(m => $"{Path.GetRelativePath(TestPaths.Root, file)}: {m.Value.ReplaceLineEndings(" ")}");

    [GeneratedRegex(@"\bwith\s*\{[^}]*\bStatus\s*=")]
    private static partial Regex StatusWrite();

    [GeneratedRegex(@"new\s+VisitTransition\s*\(")]
    private static partial Regex TransitionBuilt();

    [GeneratedRegex(@"new\s+TableEntity\b")]
    private static partial Regex TableRow();
}

using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// src/ is vertical slices layered bottom-up (<see cref="SliceImports.Layers"/>): every file sits in its folder's
/// namespace, no slice imports one above it, and so no slices import each other in a loop. See docs/ARCHITECTURE.md.
/// </summary>
public sealed class SliceDependencyTests
{
    private static readonly string Src = Path.Combine(TestPaths.Root, "src");

    [Fact]
    public void Src_EveryFolder_IsALayer()
    {
        Folders().ShouldBe(SliceImports.Layers, ignoreOrder: true, "each folder of src/ is a slice with its place in SliceImports.Layers (and docs/ARCHITECTURE.md)");
    }

    [Fact]
    public void Src_EveryFile_IsInItsFolderNamespace()
    {
        var wrong = Files()
            .Select(f => (f.Path, f.Folder, Namespace: SliceImports.Namespace(File.ReadAllText(f.Path))))
            .Where(f => f.Namespace != $"HeatRelief.{f.Folder}")
            .Select(f => $"{Relative(f.Path)}: namespace {f.Namespace ?? "(none)"}, expected HeatRelief.{f.Folder}")
            .ToList();
        wrong.ShouldBeEmpty(string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Src_Slices_ImportEachOtherInNoLoop()
    {
        var imports = Imports();
        imports.ShouldNotBeEmpty("the collector found no import at all: it is broken, not the code clean");
        var cycle = SliceImports.FindCycle(imports);
        cycle.ShouldBeNull(cycle is null ? null : $"import loop {string.Join(" -> ", cycle)}:{Environment.NewLine}"
            + string.Join(Environment.NewLine, cycle.Zip(cycle.Skip(1)).Select(e => imports.First(i => i.From == e.First && i.To == e.Second).ToString())));
    }

    [Fact]
    public void Src_Slices_ImportOnlySlicesBelowThem()
    {
        var upward = SliceImports.AgainstLayers(Imports(), SliceImports.Layers).Select(i => i.ToString()).ToList();
        upward.ShouldBeEmpty($"imports against the layer order {string.Join(" -> ", SliceImports.Layers)}:{Environment.NewLine}{string.Join(Environment.NewLine, upward)}");
    }

    [Fact]
    public void SliceImports_Collect_FindsEveryKindOfImport()
    {
        const string text = """
            using HeatRelief.Storage;
            global using HeatRelief.Audit;
            using static HeatRelief.Heat.HeatIndex;
            namespace HeatRelief.Visits;
            // Alerts.Alert in a comment is not an import
            public sealed class X(HeatRelief.Sites.Site site)
            {
                public string Key => Alerts.Alert.DateKeyOf(default);
                public int Count => site.Delivery.Count + MyAlerts.Count + this.Api.Length;
            }
            """;
        var slices = new HashSet<string>(SliceImports.Layers, StringComparer.Ordinal);

        var imports = SliceImports.Collect("X.cs", "Visits", text, slices);

        imports.Select(i => (i.Line, i.To)).ShouldBe([(1, "Storage"), (2, "Audit"), (3, "Heat"), (6, "Sites"), (8, "Alerts")]);
    }

    [Fact]
    public void SliceImports_FindCycle_ReportsALoop()
    {
        var slices = new HashSet<string>(["A", "B", "C"], StringComparer.Ordinal);
        var imports = SliceImports.Collect("a.cs", "A", "using HeatRelief.B;", slices)
            .Concat(SliceImports.Collect("b.cs", "B", "var x = C.Thing.Make();", slices))
            .Concat(SliceImports.Collect("c.cs", "C", "HeatRelief.A.Other.Run();", slices))
            .ToList();

        SliceImports.FindCycle(imports).ShouldBe(["A", "B", "C", "A"]);
        SliceImports.FindCycle(imports.Where(i => i.From != "C")).ShouldBeNull();
    }

    [Fact]
    public void SliceImports_AgainstLayers_NamesFileAndLineOfAnUpwardImport()
    {
        var slices = new HashSet<string>(["Low", "High"], StringComparer.Ordinal);
        var imports = SliceImports.Collect("High/H.cs", "High", "using HeatRelief.Low;", slices)
            .Concat(SliceImports.Collect("Low/L.cs", "Low", "namespace HeatRelief.Low;\n\nclass L { object o = High.Thing.Value; }", slices));

        SliceImports.AgainstLayers(imports, ["Low", "High"]).Select(i => i.ToString())
            .ShouldBe(["Low/L.cs:3: Low -> High: class L { object o = High.Thing.Value; }"]);
    }

    private static List<string> Folders() =>
        Directory.GetDirectories(Src).Select(Path.GetFileName).OfType<string>().Where(n => n is not ("bin" or "obj")).ToList();

    private static IEnumerable<(string Path, string Folder)> Files() =>
        Folders().SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Src, folder), "*.cs", SearchOption.AllDirectories).Select(path => (path, folder)));

    private static List<SliceImport> Imports()
    {
        var slices = new HashSet<string>(Folders(), StringComparer.Ordinal);
        return Files().SelectMany(f => SliceImports.Collect(Relative(f.Path), f.Folder, File.ReadAllText(f.Path), slices)).ToList();
    }

    private static string Relative(string path) => Path.GetRelativePath(TestPaths.Root, path).Replace('\\', '/');
}

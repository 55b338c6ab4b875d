using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Unit;

/// <summary>App code awaits plainly: neither host has a synchronization context, so ConfigureAwait(false) is noise (house style).</summary>
public sealed class AppCodeAwaitTests
{
    [Fact]
    public void AppCode_NoFile_CallsConfigureAwait()
    {
        var sep = Path.DirectorySeparatorChar;
        var files = new[] { "src", "functions", "selfhost", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(TestPaths.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .ToList();
        files.Count.ShouldBeGreaterThan(100, "the scan found too few files to mean anything");

        var calls = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains(".ConfigureAwait(", StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(TestPaths.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        calls.ShouldBeEmpty(string.Join(Environment.NewLine, calls));
    }
}

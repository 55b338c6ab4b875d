namespace HeatRelief.Tests.Infrastructure;

/// <summary>Folders of the repository the tests read from (samples, host.json).</summary>
public static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    public static string Recording => Path.Combine(Root, "samples", "weather", "beijing-2023-06-heatwave.json");

    /// <summary>
    /// The <c>functions.metadata</c> the Worker SDK writes next to the Functions app's build output: the file the
    /// real Functions host reads its function list from. Same configuration and framework folders as these tests
    /// (the Integration project references the Functions project, so building the tests builds it).
    /// </summary>
    public static string FunctionsMetadata => Path.Combine(Root, "functions", OutputFolder(), "functions.metadata");

    /// <summary>A fresh temporary folder for one test's files.</summary>
    public static string NewTempFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "heatrelief-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The running tests' output folder below their project's folder: bin/&lt;configuration&gt;/&lt;tfm&gt;/.</summary>
    private static string OutputFolder()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        for (var dir = output; dir?.Parent is not null; dir = dir.Parent)
        {
            if (dir.Name == "bin")
            {
                return Path.GetRelativePath(dir.Parent.FullName, output.FullName);
            }
        }

        throw new InvalidOperationException($"No bin/ folder above the test binaries ({output.FullName}).");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            // The solution file marks the root: the test output folder holds host.json and samples/ too.
            if (File.Exists(Path.Combine(dir.FullName, "HeatRelief.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (HeatRelief.slnx) not found above the test binaries.");
    }
}

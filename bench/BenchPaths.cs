namespace HeatRelief.Bench;

/// <summary>Finds the repository root (the folder with HeatRelief.slnx), where node_modules and the settings are.</summary>
public static class BenchPaths
{
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                // Not host.json: the build copies it next to the binaries, far from node_modules.
                if (File.Exists(Path.Combine(dir.FullName, "HeatRelief.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new FileNotFoundException("HeatRelief.slnx not found in the working directory, the app's folder, or any parent.");
    }
}

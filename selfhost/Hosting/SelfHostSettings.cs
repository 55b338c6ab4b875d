using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace HeatRelief.SelfHost.Hosting;

/// <summary>
/// The self-host's configuration, built the way the Functions host builds its own: the <c>Values</c> of
/// local.settings.json (or the committed sample), then environment variables, then explicit overrides;
/// queue settings come from the same root host.json the Functions app ships.
/// </summary>
public static class SelfHostSettings
{
    /// <summary>The folder holding host.json and local.settings*.json: the working directory or a parent of it.</summary>
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "host.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new FileNotFoundException("host.json not found in the working directory, the app's folder, or any parent.");
    }

    public static IConfigurationRoot Build(string root, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        var local = Path.Combine(root, "local.settings.json");
        var sample = Path.Combine(root, "local.settings.sample.json");
        var settingsFile = File.Exists(local) ? local : sample;
        if (File.Exists(settingsFile))
        {
            builder.AddInMemoryCollection(ReadValues(settingsFile));
        }

        builder.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        // A relative path in the settings names a file of the app (samples/...): read it from the app's root whatever
        // the working directory, as the Functions host runs from its app folder.
        var built = builder.Build();
        var paths = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in RootRelativePaths)
        {
            if (built[key] is { Length: > 0 } value && !Path.IsPathRooted(value) && Path.Exists(Path.Combine(root, value)))
            {
                paths[key] = Path.Combine(root, value);
            }
        }

        return paths.Count == 0 ? built : builder.AddInMemoryCollection(paths).Build();
    }

    /// <summary>Settings holding a path that is relative to the app's root when not absolute.</summary>
    public static readonly IReadOnlyList<string> RootRelativePaths = ["Weather:RecordingPath", "Warnings:FolderPath"];

    /// <summary>host.json as configuration (its extensions:queues section configures the queue listeners).</summary>
    public static IConfigurationRoot HostJson(string root) =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "host.json"), optional: false).Build();

    /// <summary>The "Values" object of a local.settings file, with "__" nesting turned into ":".</summary>
    public static IReadOnlyDictionary<string, string?> ReadValues(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (doc.RootElement.TryGetProperty("Values", out var section))
        {
            foreach (var p in section.EnumerateObject())
            {
                values[p.Name.Replace("__", ":", StringComparison.Ordinal)] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
            }
        }

        return values;
    }
}

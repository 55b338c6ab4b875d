using System.Text.Json;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>Reads the <c>functions.metadata</c> file the Worker SDK generates at build time (the list the real host loads).</summary>
public static class FunctionsMetadata
{
    /// <summary>The generated file of this build; a clear failure when it is missing (the Functions app was not built).</summary>
    public static IReadOnlyList<DeclaredFunction> LoadBuilt()
    {
        var path = TestPaths.FunctionsMetadata;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: build the solution (dotnet build HeatRelief.slnx) so the Worker SDK writes it.", path);
        }

        return Parse(File.ReadAllText(path));
    }

    /// <summary>The functions in a <c>functions.metadata</c> document, each with its one trigger binding.</summary>
    public static IReadOnlyList<DeclaredFunction> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("functions.metadata is not a JSON array of functions");
        }

        var functions = new List<DeclaredFunction>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = Text(function, "name") ?? throw new InvalidDataException("a function in functions.metadata has no name");
            var triggers = function.TryGetProperty("bindings", out var bindings) && bindings.ValueKind == JsonValueKind.Array
                ? bindings.EnumerateArray().Where(b => Text(b, "type")?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true).ToList()
                : [];
            if (triggers.Count != 1)
            {
                throw new InvalidDataException($"function '{name}' has {triggers.Count} trigger bindings; a function has exactly one");
            }

            var trigger = triggers[0];
            var methods = trigger.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                ? m.EnumerateArray().Select(x => (x.GetString() ?? string.Empty).ToLowerInvariant()).ToList()
                : [];
            functions.Add(new DeclaredFunction(
                name,
                Text(trigger, "type")!,
                Text(trigger, "route"),
                methods,
                Text(trigger, "authLevel"),
                Text(trigger, "queueName"),
                Text(trigger, "schedule"),
                Text(function, "entryPoint")));
        }

        return functions;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

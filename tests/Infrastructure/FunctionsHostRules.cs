using System.Text.RegularExpressions;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// The checks the Azure Functions host makes on its function list at start-up. A function that breaks one does not
/// exist in Azure (or the host does not start), though it builds and every local test passes: the self-host and
/// <c>func</c>-free tests never run these checks. Mirrors the host's route validation: the route (or the function
/// name when there is none), trimmed of <c>/</c> and lower-cased, must not start with a reserved prefix, whatever the
/// <c>routePrefix</c>.
/// </summary>
public static partial class FunctionsHostRules
{
    /// <summary>The host's own API lives here. A plain prefix test, as the host's: <c>administration/x</c> is refused too.</summary>
    public static readonly IReadOnlyList<string> ReservedRoutePrefixes = ["admin", "runtime"];

    /// <summary>Every rule the functions break, one line each; empty when the host would load them all.</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<DeclaredFunction> functions)
    {
        var all = functions.ToList();
        var problems = new List<string>();
        foreach (var twice in all.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"function name '{twice.Key}' is declared {twice.Count()} times");
        }

        var http = all.Where(f => f.IsHttp).ToList();
        foreach (var function in http)
        {
            var route = function.EffectiveRoute.Trim('/').ToLowerInvariant();
            if (ReservedRoutePrefixes.FirstOrDefault(p => route.StartsWith(p, StringComparison.Ordinal)) is { } reserved)
            {
                problems.Add($"{function.Name}: route '{function.EffectiveRoute}' starts with '{reserved}', which the Functions host keeps for "
                    + "its built-in routes; it refuses the function at start-up (\"The specified route conflicts with one or more built in routes\")");
            }
        }

        for (var i = 0; i < http.Count; i++)
        {
            for (var j = i + 1; j < http.Count; j++)
            {
                var (a, b) = (http[i], http[j]);
                if (NormalRoute(a.EffectiveRoute) == NormalRoute(b.EffectiveRoute) && SharedMethods(a, b) is { Count: > 0 } shared)
                {
                    problems.Add($"{a.Name} and {b.Name} both answer {string.Join(",", shared).ToUpperInvariant()} {NormalRoute(a.EffectiveRoute)}");
                }
            }
        }

        return problems;
    }

    /// <summary>A route as the router compares it: no <c>/</c> at the ends, case-insensitive, parameter names ignored.</summary>
    public static string NormalRoute(string route) => Parameter().Replace(route.Trim('/').ToLowerInvariant(), "{}");

    /// <summary>The methods both functions answer; a function that names none answers every method.</summary>
    private static List<string> SharedMethods(DeclaredFunction a, DeclaredFunction b)
    {
        var first = (a.Methods ?? []).Select(m => m.ToLowerInvariant()).ToList();
        var second = (b.Methods ?? []).Select(m => m.ToLowerInvariant()).ToList();
        return (first.Count, second.Count) switch
        {
            (0, 0) => ["*"],
            (0, _) => second,
            (_, 0) => first,
            _ => [.. first.Intersect(second)],
        };
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}

using System.Globalization;

namespace HeatRelief.Tests.Chaos;

/// <summary>Writes a chaos test's figures to the test output (shown live by <c>./test.sh --chaos</c>), one line each.</summary>
public static class ChaosReport
{
    public static void Line(string text) =>
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[chaos] {text}"));

    /// <summary>The seed for a test's random choices: HEATRELIEF_CHAOS_SEED when set (to replay a run), else a fresh one.</summary>
    public static int Seed()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HEATRELIEF_CHAOS_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? s
            : Random.Shared.Next(1, 1_000_000);
        Line($"seed {seed} (replay with HEATRELIEF_CHAOS_SEED={seed})");
        return seed;
    }
}

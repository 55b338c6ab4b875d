using System.Reflection;
using HeatRelief.Storage;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// No class in HeatRelief.Core takes more than <see cref="MaxParameters"/> constructor parameters: a service that
/// needs more is doing several jobs and is split into cohesive steps. Records are data, not services, and are not counted.
/// </summary>
public sealed class ConstructorSizeTests
{
    private const int MaxParameters = 7;

    [Fact]
    public void Core_PublicConstructors_TakeAtMostSevenParameters()
    {
        var classes = typeof(StorageClients).Assembly.GetTypes().Where(IsServiceLike).ToList();
        classes.ShouldContain(typeof(StorageClients), "the scan must see the core's classes");

        var tooBig = Oversized(classes).ToList();
        tooBig.ShouldBeEmpty(string.Join(Environment.NewLine, tooBig));
    }

    [Fact]
    public void Oversized_ReportsAConstructorOverTheLimit()
    {
        Oversized([typeof(EightParameters), typeof(SevenParameters)]).ShouldBe(["HeatRelief.Tests.Unit.ConstructorSizeTests+EightParameters(8 parameters)"]);
    }

    private static IEnumerable<string> Oversized(IEnumerable<Type> types) =>
        types.SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => c.GetParameters().Length > MaxParameters)
            .Select(c => $"{t.FullName}({c.GetParameters().Length} parameters)"));

    // A class (not a record, not compiler-generated): records carry data by position and are not dependency lists.
    private static bool IsServiceLike(Type type) =>
        type.IsClass && !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false)
        && type.GetMethod("<Clone>$") is null;

    private sealed class EightParameters(int a, int b, int c, int d, int e, int f, int g, int h)
    {
        public int Sum => a + b + c + d + e + f + g + h;
    }

    private sealed class SevenParameters(int a, int b, int c, int d, int e, int f, int g)
    {
        public int Sum => a + b + c + d + e + f + g;
    }
}

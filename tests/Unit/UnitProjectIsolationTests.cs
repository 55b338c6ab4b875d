using System.Reflection;
using System.Xml.Linq;
using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Unit;

/// <summary>
/// A unit test run needs no Azurite and no storage: the Unit project references neither the Infrastructure library
/// (the Azurite fixture, the host harnesses) nor another test project, and compiles none of their storage files.
/// </summary>
public sealed class UnitProjectIsolationTests
{
    /// <summary>Helpers that start Azurite or a host, or reach storage; none of them may be part of the unit tests.</summary>
    private static readonly string[] StorageHelpers =
        ["AzuriteFixture", "SelfHostHarness", "SelfHostProcess", "StorageProxy", "StorageSnapshot", "OfficerScenario", "VisitScenario"];

    private static Assembly UnitTests => typeof(UnitProjectIsolationTests).Assembly;

    [Fact]
    public void UnitProject_ReferencesNoOtherTestProject_AndCompilesNoStorageHelper()
    {
        var project = XDocument.Load(Path.Combine(TestPaths.Root, "tests", "Unit", "HeatRelief.Tests.Unit.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileName((string?)r.Attribute("Include") ?? string.Empty)).ToList();
        var compiled = project.Descendants("Compile").Select(c => Path.GetFileNameWithoutExtension((string?)c.Attribute("Include") ?? string.Empty)).ToList();

        references.ShouldNotBeEmpty("the csproj was read");
        references.Where(r => r.StartsWith("HeatRelief.Tests.", StringComparison.OrdinalIgnoreCase))
            .ShouldBeEmpty("the Unit project must not reference the Infrastructure library or another test project");
        compiled.Where(c => StorageHelpers.Contains(c, StringComparer.OrdinalIgnoreCase) || c.Equals("TestServices", StringComparison.OrdinalIgnoreCase))
            .ShouldBeEmpty("the Unit project compiles storage-free helpers only");
    }

    [Fact]
    public void UnitTests_LoadNoInfrastructure_AndHaveNoAzuriteFixture()
    {
        UnitTests.GetReferencedAssemblies().Select(a => a.Name).Where(n => n?.StartsWith("HeatRelief.Tests.", StringComparison.Ordinal) == true)
            .ShouldBeEmpty();
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).ShouldNotContain("HeatRelief.Tests.Infrastructure");
        Directory.GetFiles(AppContext.BaseDirectory, "HeatRelief.Tests.*.dll").Select(Path.GetFileName)
            .ShouldBe(["HeatRelief.Tests.Unit.dll"], "no other test assembly is copied next to the unit tests");
        UnitTests.GetTypes().Select(t => t.Name).Where(StorageHelpers.Contains).ShouldBeEmpty();
        UnitTests.GetCustomAttributes<AssemblyFixtureAttribute>().ShouldBeEmpty("no assembly-wide fixture (Azurite) starts for the unit tests");
    }

    [Fact]
    public void UnitTests_TakeNoFixture()
    {
        // A test class that asks for a fixture in its constructor (Azurite, a class fixture) is not a unit test.
        var withFixtures = UnitTests.GetTypes()
            .Where(t => t.IsClass && t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Length > 0))
            .Select(t => t.Name);

        withFixtures.ShouldBeEmpty();
    }
}

using HeatRelief.Tests.Infrastructure;

namespace HeatRelief.Tests.Unit;

/// <summary>The checker of the Functions host's start-up rules, on hand-made <c>functions.metadata</c> documents.</summary>
public sealed class FunctionsHostRulesTests
{
    [Fact]
    public void FunctionsHostRules_Violations_NamesEveryBrokenRule()
    {
        var functions = FunctionsMetadata.Parse("""
            [
              { "name": "Me", "entryPoint": "A.Me.Run", "bindings": [
                { "name": "request", "direction": "In", "type": "httpTrigger", "authLevel": "Anonymous", "methods": ["get"], "route": "admin/me" },
                { "name": "$return", "direction": "Out", "type": "http" } ] },
              { "name": "Status", "bindings": [ { "type": "httpTrigger", "methods": ["get"], "route": "/Runtime/status/" } ] },
              { "name": "Administration", "bindings": [ { "type": "httpTrigger", "methods": ["post"] } ] },
              { "name": "Replay", "bindings": [ { "type": "httpTrigger", "methods": ["post"], "route": "manage/poison/{queue}/replay" } ] },
              { "name": "ReplayAgain", "bindings": [ { "type": "httpTrigger", "methods": ["POST", "get"], "route": "/Manage/Poison/{name}/replay" } ] },
              { "name": "Check", "bindings": [ { "type": "timerTrigger", "schedule": "%SCHEDULE%" } ] },
              { "name": "check", "bindings": [ { "type": "queueTrigger", "queueName": "alerts" } ] }
            ]
            """);

        var problems = FunctionsHostRules.Violations(functions);

        problems.Count.ShouldBe(5, string.Join("\n", problems));
        problems.ShouldContain(p => p.StartsWith("Me: route 'admin/me' starts with 'admin'", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Status: route '/Runtime/status/' starts with 'runtime'", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Administration: route 'Administration' starts with 'admin'", StringComparison.Ordinal), "without a route the name is the route");
        problems.ShouldContain("Replay and ReplayAgain both answer POST manage/poison/{}/replay");
        problems.ShouldContain("function name 'Check' is declared 2 times");
    }

    [Fact]
    public void FunctionsHostRules_Violations_AcceptsDistinctRoutesOutsideTheReservedPrefixes()
    {
        var functions = FunctionsMetadata.Parse("""
            [
              { "name": "AdminMe", "bindings": [ { "type": "httpTrigger", "methods": ["get"], "route": "manage/me" } ] },
              { "name": "ShowLink", "bindings": [ { "type": "httpTrigger", "methods": ["get"], "route": "links/{token}" } ] },
              { "name": "UseLink", "bindings": [ { "type": "httpTrigger", "methods": ["post"], "route": "links/{token}" } ] },
              { "name": "Dashboard", "bindings": [ { "type": "httpTrigger", "methods": ["get"] } ] },
              { "name": "FanOut", "bindings": [ { "type": "queueTrigger", "queueName": "alerts" } ] }
            ]
            """);

        FunctionsHostRules.Violations(functions).ShouldBeEmpty();
    }

    [Fact]
    public void FunctionsHostRules_Violations_TreatsAFunctionWithoutMethodsAsAnsweringEveryMethod()
    {
        var functions = FunctionsMetadata.Parse("""
            [
              { "name": "Any", "bindings": [ { "type": "httpTrigger", "route": "sites" } ] },
              { "name": "List", "bindings": [ { "type": "httpTrigger", "methods": ["get"], "route": "sites" } ] }
            ]
            """);

        FunctionsHostRules.Violations(functions).ShouldBe(["Any and List both answer GET sites"]);
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "not a JSON array")]
    [InlineData("""[{"bindings":[]}]""", "has no name")]
    [InlineData("""[{"name":"Two","bindings":[{"type":"queueTrigger"},{"type":"timerTrigger"}]}]""", "'Two' has 2 trigger bindings")]
    public void FunctionsMetadata_Parse_RefusesADocumentItCannotRead(string json, string message)
    {
        Should.Throw<InvalidDataException>(() => FunctionsMetadata.Parse(json)).Message.ShouldContain(message);
    }
}

namespace HeatRelief.Tests.Infrastructure;

/// <summary>One function as the Functions host reads it from <c>functions.metadata</c>: its name and its trigger binding.</summary>
/// <param name="Trigger">The binding type, e.g. <c>httpTrigger</c>, <c>queueTrigger</c>, <c>timerTrigger</c>.</param>
/// <param name="Route">The HTTP route without the <c>api/</c> prefix; <see langword="null"/> when the function declares none.</param>
/// <param name="Methods">The HTTP methods, lower case; empty means every method.</param>
public sealed record DeclaredFunction(
    string Name,
    string Trigger,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    string? AuthLevel = null,
    string? QueueName = null,
    string? Schedule = null,
    string? EntryPoint = null)
{
    public const string HttpTrigger = "httpTrigger";
    public const string QueueTrigger = "queueTrigger";
    public const string TimerTrigger = "timerTrigger";

    public bool IsHttp => string.Equals(Trigger, HttpTrigger, StringComparison.OrdinalIgnoreCase);

    /// <summary>The route the host serves: without an explicit route, the function's name is its route.</summary>
    public string EffectiveRoute => string.IsNullOrWhiteSpace(Route) ? Name : Route;
}

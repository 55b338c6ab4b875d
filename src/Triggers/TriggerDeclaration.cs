namespace HeatRelief.Triggers;

/// <summary>One function as both hosts declare it.</summary>
/// <param name="Name">The function's name in the Functions app, the self-host's job or endpoint name.</param>
/// <param name="Source">The schedule expression (timer), the queue name (queue) or the route template under <c>/api/</c> (HTTP).</param>
/// <param name="Method">The HTTP method, upper case; null for timers and queues.</param>
public sealed record TriggerDeclaration(string Name, TriggerKind Kind, string Source, string? Method = null)
{
    /// <summary>The path an HTTP function answers on, e.g. <c>/api/manage/sites</c>.</summary>
    public string Path => Kind == TriggerKind.Http
        ? $"/{TriggerCatalog.RoutePrefix}/{Source}"
        : throw new InvalidOperationException($"{Name} is a {Kind} trigger: it has no path");
}

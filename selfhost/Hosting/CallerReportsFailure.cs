namespace HeatRelief.SelfHost.Hosting;

/// <summary>
/// Marks work whose caller reports a failure itself, in one line (the heat check <c>run</c> starts with): the
/// terminal then shows no error entries logged inside it, which would say the same again (the host's
/// "Executed ... (Failed)", the service's own failure log). Flows with the async call, so a timer's or a queue
/// handler's run at the same time is logged as usual. Only the brief terminal format honours it.
/// </summary>
public static class CallerReportsFailure
{
    private static readonly AsyncLocal<bool> Marked = new();

    public static bool Active => Marked.Value;

    /// <summary>Runs <paramref name="work"/> marked.</summary>
    public static async Task RunAsync(Func<Task> work)
    {
        Marked.Value = true;
        try
        {
            await work();
        }
        finally
        {
            Marked.Value = false;
        }
    }
}

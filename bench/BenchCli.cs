namespace HeatRelief.Bench;

/// <summary>The bench's command line: parse, run, print. Exit codes: 0 ok, 1 the pipeline did not finish, 2 usage.</summary>
public static class BenchCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            // With --json, standard output carries only the JSON object.
            var progress = options.Json ? error : output;
            var result = await BenchRun.RunAsync(options, BenchPaths.FindRoot(), progress, cancel.Token);
            progress.WriteLine();
            progress.WriteLine(result.Table());
            if (options.Json)
            {
                output.WriteLine(result.ToJson());
            }

            return result.Completed ? 0 : 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

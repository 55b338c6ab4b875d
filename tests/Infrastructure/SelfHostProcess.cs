using System.Collections.Concurrent;
using System.Diagnostics;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// The built self-host (<c>selfhost/bin/&lt;configuration&gt;/net10.0/HeatRelief.SelfHost</c>) as a real child
/// process, configured by environment variables as in a container, so a test can SIGKILL it mid-work.
/// </summary>
public sealed class SelfHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SelfHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed (the last 20,000 lines), for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The self-host executable next to the test binaries' configuration (Release or Debug).</summary>
    public static string Executable
    {
        get
        {
            // tests/<project>/bin/<configuration>/<tfm>/ -> selfhost/bin/<configuration>/<tfm>/HeatRelief.SelfHost
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfm.Parent!.Name;
            var path = Path.Combine(TestPaths.Root, "selfhost", "bin", configuration, tfm.Name, "HeatRelief.SelfHost");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The self-host is not built at {path}; build the solution first (./test.sh does).");
        }
    }

    /// <summary>Starts <c>HeatRelief.SelfHost args</c> in the repository root with these settings as environment variables ("__" nesting).</summary>
    public static SelfHostProcess Start(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = TestPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }

        return new SelfHostProcess(Process.Start(start) ?? throw new InvalidOperationException("The self-host did not start."));
    }

    /// <summary>Waits until the host says it started (its queue listeners are up).</summary>
    public async Task WaitStartedAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_output.Any(l => l.Contains("HeatRelief self-host started", StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The self-host exited with code {_process.ExitCode}:\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The self-host did not start within {timeout.TotalSeconds:0} s:\n{Output}");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>The lines printed so far (stdout and stderr, the last 2,000).</summary>
    public IReadOnlyList<string> Lines => [.. _output];

    /// <summary>Waits for the process to end by itself and returns its exit code (a timeout throws, with what it printed).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The self-host did not exit within {timeout.TotalSeconds:0} s:\n{Output}");
        }

        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until a printed line satisfies <paramref name="match"/>; throws if the process exits or the time runs out first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The self-host exited with code {_process.ExitCode}:\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching line within {timeout.TotalSeconds:0} s:\n{Output}");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>SIGKILL, the whole process tree: no shutdown code runs, as when a machine dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 20_000)
        {
            _output.TryDequeue(out _);
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>
/// Starts one real Azurite for the whole test run, on free ports, in memory, with a pool of storage
/// accounts: tests of services share the default account under fresh table/queue prefixes; tests that
/// run a host (whose queue triggers have fixed names) each rent an account of their own.
/// When HEATRELIEF_TEST_AZURITE_PORTS=blob,queue,table names an Azurite already running with the same
/// accounts (see ./test.sh), that one is used instead.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string DefaultAccount = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /// <summary>Accounts to rent, one per test host for the whole run (never returned): 40 ran out at 26 call sites, some in theories.</summary>
    public const int PoolSize = 99;

    private Process? _process;
    private int _nextAccount;
    private int _nextPrefix;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>The AZURITE_ACCOUNTS value: the default account plus the rentable pool.</summary>
    public static string AccountsSetting =>
        string.Join(";", new[] { DefaultAccount }.Concat(Enumerable.Range(1, PoolSize).Select(i => $"hr{i:D2}")).Select(a => $"{a}:{AccountKey}"));

    public string ConnectionString(string account = DefaultAccount) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{account};TableEndpoint=http://127.0.0.1:{TablePort}/{account};";

    /// <summary>A storage account no other test uses.</summary>
    public string RentAccount()
    {
        var n = Interlocked.Increment(ref _nextAccount);
        return n <= PoolSize ? $"hr{n:D2}" : throw new InvalidOperationException($"All {PoolSize} Azurite test accounts are rented; raise PoolSize.");
    }

    /// <summary>A table/queue name prefix no other test uses (letters and digits, queue-safe).</summary>
    public string NewPrefix() => $"t{Interlocked.Increment(ref _nextPrefix):D3}{Guid.NewGuid().ToString("N")[..5]}";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("HEATRELIEF_TEST_AZURITE_PORTS") is { Length: > 0 } ports)
        {
            var p = ports.Split(',').Select(int.Parse).ToArray();
            (BlobPort, QueuePort, TablePort) = (p[0], p[1], p[2]);
            await WaitForPortsAsync(TimeSpan.FromSeconds(30));
            return;
        }

        var azurite = Path.Combine(TestPaths.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}; run 'npm ci' in {TestPaths.Root} (./test.sh does).");
        }

        (BlobPort, QueuePort, TablePort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var start = new ProcessStartInfo(azurite)
        {
            ArgumentList =
            {
                "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AZURITE_ACCOUNTS"] = AccountsSetting;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForPortsAsync(TimeSpan.FromSeconds(60));
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitForPortsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process is { HasExited: true })
                {
                    throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

}

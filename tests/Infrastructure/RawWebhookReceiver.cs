using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>One request as <see cref="RawWebhookReceiver"/> read it: header names in lower case, and the body bytes it read.</summary>
public sealed record RawWebhookRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredStatus);

/// <summary>
/// The most minimal webhook receiver there is: a TcpListener on loopback that reads the headers, then exactly
/// Content-Length bytes of body. It does not speak chunked transfer encoding: a request without Content-Length
/// is answered 411 Length Required with nothing read. One request per connection.
/// </summary>
public sealed class RawWebhookReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RawWebhookRequest> _requests = new();
    private readonly Task _loop;

    private RawWebhookReceiver(TcpListener listener)
    {
        _listener = listener;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<RawWebhookRequest> Requests => [.. _requests];

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public static RawWebhookReceiver Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new RawWebhookReceiver(listener);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await HandleAsync(client.GetStream());
                }
                catch (IOException)
                {
                    // The sender hung up; nothing to record.
                }
            }
        }
    }

    private async Task HandleAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        var status = 411;
        var body = Array.Empty<byte>();
        if (headers.TryGetValue("content-length", out var length) && int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            body = new byte[n];
            await stream.ReadExactlyAsync(body, _stop.Token);
            status = 200;
        }

        _requests.Enqueue(new RawWebhookRequest(lines[0], headers, body, status));
        var answer = status == 200 ? "HTTP/1.1 200 OK" : "HTTP/1.1 411 Length Required";
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{answer}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HeatRelief.Notifications;

/// <summary>
/// Where webhooks may go. Private, loopback, link-local, unspecified, shared (CGNAT), multicast and cloud
/// metadata addresses are refused, IPv4-mapped and NAT64 forms included, unless the allowlist names them;
/// the app's own storage account is refused always. Checked twice: at import for addresses written as IP
/// literals or localhost names, and at connect time on every address a name resolves to, connecting only to
/// the addresses checked (a name that resolves elsewhere a moment later, DNS rebinding, gains nothing).
/// </summary>
public sealed class WebhookTargets
{
    /// <summary>No allowlist and no storage account: the strictest check, for code without configuration.</summary>
    public static readonly WebhookTargets Strict = new(string.Empty, []);

    private static readonly (IPNetwork Network, string Why)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address (0.0.0.0/8)"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address (10.0.0.0/8)"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared carrier-grade NAT address (100.64.0.0/10)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address (127.0.0.0/8)"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local or cloud metadata address (169.254.0.0/16)"),
        (IPNetwork.Parse("168.63.129.16/32"), "the Azure platform endpoint (168.63.129.16)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address (172.16.0.0/12)"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol address (192.0.0.0/24)"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address (192.168.0.0/16)"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address (198.18.0.0/15)"),
        (IPNetwork.Parse("224.0.0.0/3"), "a multicast or reserved address (224.0.0.0/3)"),
        (IPNetwork.Parse("::/128"), "an unspecified address (::)"),
        (IPNetwork.Parse("::1/128"), "a loopback address (::1)"),
        (IPNetwork.Parse("::/96"), "an IPv4-compatible address (::/96)"),
        (IPNetwork.Parse("fc00::/7"), "a unique local address (fc00::/7)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address (fe80::/10)"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address (fec0::/10)"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address (ff00::/8)"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly List<IPNetwork> _allowedRanges = [];
    private readonly List<(string Host, int Port)> _allowedEndpoints = [];
    private readonly List<(string Host, int Port)> _storageEndpoints = [];
    private readonly List<(string Account, string Suffix)> _storageAccounts = [];

    /// <param name="allowlist">The <c>Webhook__AllowedPrivateTargets</c> setting.</param>
    /// <param name="storageEndpoints">The app's storage service URLs, never a webhook target.</param>
    public WebhookTargets(string allowlist, IEnumerable<Uri> storageEndpoints)
    {
        if (AllowlistProblem(allowlist) is { } problem)
        {
            throw new ArgumentException(problem, nameof(allowlist));
        }

        foreach (var entry in Entries(allowlist))
        {
            if (IPNetwork.TryParse(entry, out var range))
            {
                _allowedRanges.Add(range);
            }
            else if (HostPort(entry) is { } endpoint)
            {
                _allowedEndpoints.Add(endpoint);
            }
        }

        foreach (var uri in storageEndpoints)
        {
            var host = Bare(uri.Host);
            _storageEndpoints.Add((host, uri.Port));
            var labels = host.Split('.');
            if (labels.Length >= 4 && !IPAddress.TryParse(host, out _))
            {
                // st123.blob.core.windows.net: the account's every service (queue, table, file, dfs) is its own.
                _storageAccounts.Add((labels[0], string.Join('.', labels[2..])));
            }
        }
    }

    /// <summary>Why an allowlist setting cannot be read, or null when it can.</summary>
    public static string? AllowlistProblem(string? allowlist)
    {
        var bad = Entries(allowlist).Where(e => !IPNetwork.TryParse(e, out _) && HostPort(e) is null).ToList();
        return bad.Count == 0 ? null : $"'{string.Join("', '", bad)}': expected host:port entries or CIDR ranges (127.0.0.1:8080, 10.1.0.0/16) separated by ';'";
    }

    /// <summary>
    /// Why an address must never be a webhook target, or null when it may be (public unicast). Looks through
    /// IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) forms to the IPv4 address inside.
    /// </summary>
    public static string? AddressProblem(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }

        foreach (var (network, why) in Refused)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return why;
            }
        }

        return null;
    }

    /// <summary>
    /// The check at import: why a webhook URL may not be a target, judged from the URL alone (its host written
    /// as an IP address in any form, a localhost name, or the app's own storage), or null. A name is judged
    /// again, on what it resolves to, when a post connects.
    /// </summary>
    public string? UrlProblem(Uri uri)
    {
        var host = Bare(uri.Host);
        if (StorageProblem(host, uri.Port) is { } storage)
        {
            return storage;
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else if (IsLocalhostName(host))
        {
            addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];
        }
        else
        {
            return null;
        }

        return Problem(host, uri.Port, addresses);
    }

    /// <summary>
    /// <see cref="SocketsHttpHandler.ConnectCallback"/> for the webhook client: resolves the host once, refuses
    /// the connection when any address it resolves to is not allowed, and connects to those checked addresses.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = Bare(context.DnsEndPoint.Host);
        var port = context.DnsEndPoint.Port;
        if (StorageProblem(host, port) is { } storage)
        {
            throw new WebhookTargetRefusedException(storage);
        }

        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct);
        if (Problem(host, port, addresses) is { } problem)
        {
            throw new WebhookTargetRefusedException(problem);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string? Problem(string host, int port, IReadOnlyCollection<IPAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return $"{host} resolves to no address";
        }

        if (_allowedEndpoints.Any(e => string.Equals(e.Host, host, StringComparison.OrdinalIgnoreCase) && e.Port == port))
        {
            return null;
        }

        foreach (var address in addresses)
        {
            if (AddressProblem(address) is { } why && !Allowed(address, port))
            {
                var shown = address.ToString() == host ? host : $"{host} ({address})";
                return $"{shown} is {why}; webhooks go to public addresses only (Webhook__AllowedPrivateTargets lists exceptions)";
            }
        }

        return null;
    }

    private bool Allowed(IPAddress address, int port)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _allowedRanges.Any(r => r.BaseAddress.AddressFamily == plain.AddressFamily && r.Contains(plain))
            || _allowedEndpoints.Any(e => e.Port == port && IPAddress.TryParse(e.Host, out var ip) && (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).Equals(plain));
    }

    private string? StorageProblem(string host, int port)
    {
        var labels = host.Split('.');
        var ownAccount = labels.Length >= 4 && _storageAccounts.Any(a =>
            string.Equals(a.Account, labels[0], StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.Suffix, string.Join('.', labels[2..]), StringComparison.OrdinalIgnoreCase));
        return ownAccount || _storageEndpoints.Any(e => string.Equals(e.Host, host, StringComparison.OrdinalIgnoreCase) && e.Port == port)
            ? string.Create(CultureInfo.InvariantCulture, $"{host}:{port} is HeatRelief's own storage account; webhooks never go there")
            : null;
    }

    private static bool IsLocalhostName(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static string Bare(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;

    private static IEnumerable<string> Entries(string? allowlist) =>
        (allowlist ?? string.Empty).Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>host:port or [v6]:port; null when the entry is neither.</summary>
    private static (string Host, int Port)? HostPort(string entry)
    {
        var colon = entry.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(entry[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        var raw = entry[..colon];
        if (raw.Contains(':', StringComparison.Ordinal) && !raw.StartsWith('['))
        {
            return null; // an IPv6 host needs its brackets: [::1]:8080
        }

        var host = Bare(raw);
        return host.Length > 0 && (IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns) ? (host.ToLowerInvariant(), port) : null;
    }
}

using System.Net;
using System.Net.Sockets;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>Loopback ports nothing is listening on, for the local servers tests start.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>Free TCP ports on 127.0.0.1 for child processes that take a port on their command line.</summary>
internal static class LoopbackPort
{
    /// <summary>
    /// Returns a port that was free a moment ago. The listener that found it is closed again, so
    /// another process can take the port first; callers retry or fail with the child's log.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;

namespace AzureGateway.Cli.Tests;

public static class FreePort
{
    /// <summary>A loopback port the OS just handed out and released, free for the test to listen on.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

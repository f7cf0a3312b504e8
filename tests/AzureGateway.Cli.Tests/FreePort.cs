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

    /// <summary>A free port <c>P</c> such that <c>P - <paramref name="below"/></c> is free too (two listeners one offset apart).</summary>
    public static int NextWithAnother(int below)
    {
        while (true)
        {
            var port = Next();
            if (port - below > 1024 && IsFree(port - below))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

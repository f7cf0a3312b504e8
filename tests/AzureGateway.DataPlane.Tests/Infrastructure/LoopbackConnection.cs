using System.Net;
using System.Net.Sockets;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// A TCP connection to a gateway port on loopback, whatever host name the request carries: test clients send real
/// names (for SNI and Host) to a gateway that listens on 127.0.0.1.
/// </summary>
internal static class LoopbackConnection
{
    public static async ValueTask<Stream> OpenAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>
/// A TCP connection to a gateway port on 127.0.0.1, whatever host name the request carries: the cases' clients send
/// real names (for SNI, Host and :authority) to a gateway that listens on loopback.
/// </summary>
public static class Loopback
{
    public static async ValueTask<NetworkStream> ConnectAsync(int port, CancellationToken cancellationToken)
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

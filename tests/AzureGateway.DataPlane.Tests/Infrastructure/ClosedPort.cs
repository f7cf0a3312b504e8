using System.Net;
using System.Net.Sockets;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// A loopback port that refuses connections for as long as this lives: a socket bound to it without listening. A
/// port merely found free and let go could be handed to another test's server meanwhile (the tests run in parallel),
/// which would then receive the requests meant to be refused.
/// </summary>
internal sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Number => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Dispose() => _socket.Dispose();
}

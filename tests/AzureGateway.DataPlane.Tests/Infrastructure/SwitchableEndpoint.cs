using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// A loopback endpoint that refuses connections or answers them, switched by the test, on one port throughout: while it
/// refuses, its port is held by a socket bound without listening (as <see cref="ClosedPort"/> does), so no other test's
/// server can take it. Answering, it reads each request's head and answers 200 with <c>X-Served-By</c>, keeping the
/// connection open for the next.
/// </summary>
internal sealed class SwitchableEndpoint : IAsyncDisposable
{
    private readonly string _name;
    private readonly List<Socket> _connections = [];
    private Socket _socket;
    private Task _serving = Task.CompletedTask;

    public SwitchableEndpoint(string name)
    {
        _name = name;
        _socket = Bound(0);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Answer()
    {
        _socket.Listen();
        _serving = AcceptAsync(_socket);
    }

    /// <summary>Closes the listener and every connection it accepted, and holds the port again without listening.</summary>
    public async Task RefuseAsync()
    {
        _socket.Dispose();
        await _serving;
        lock (_connections)
        {
            _connections.ForEach(connection => connection.Dispose());
            _connections.Clear();
        }
        _socket = Bound(Port);
    }

    private static Socket Bound(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // The port's closed connections may linger in TIME_WAIT; they must not keep it from being bound again.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private async Task AcceptAsync(Socket listener)
    {
        try
        {
            while (true)
            {
                var connection = await listener.AcceptAsync();
                lock (_connections)
                {
                    _connections.Add(connection);
                }
                _ = ServeAsync(connection);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Switched to refusing.
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nX-Served-By: {_name}\r\nContent-Length: 0\r\n\r\n");
        var buffer = new byte[8192];
        var head = new StringBuilder();
        try
        {
            while (await connection.ReceiveAsync(buffer) is var read and > 0)
            {
                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                // Requests without a body only: each head ends the request.
                while (head.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
                {
                    head.Remove(0, end + 4);
                    await connection.SendAsync(answer);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Switched to refusing.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RefuseAsync();
        _socket.Dispose();
    }
}

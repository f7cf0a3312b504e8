using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// The transport of a plain-text HTTP port: one socket, whose connections go to one of two Kestrel endpoints, HTTP/1.1
/// or HTTP/2 with prior knowledge (h2c), by what the client sends first (<see cref="PriorKnowledge"/>).
/// </summary>
/// <remarks>
/// Gateway API requires a GRPCRoute on an HTTP listener to be reachable by h2c with prior knowledge, while browsers
/// and HTTP/1.1 clients use the same listener. A Kestrel endpoint without TLS serves one protocol only (its protocol
/// is chosen by ALPN, which needs TLS), so the port is bound once here and its connections are handed to the endpoint
/// <see cref="Endpoint"/> names. A client that sends nothing is closed after <paramref name="firstBytesTimeout"/>,
/// as Kestrel closes an idle connection.
/// </remarks>
internal sealed class CleartextHttpTransport(IConnectionListenerFactory sockets, TimeSpan firstBytesTimeout, TimeProvider time)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private SharedSocket? _socket;

    /// <summary>The endpoint that receives this protocol's connections of the socket at <paramref name="address"/>.</summary>
    public static EndPoint Endpoint(IPEndPoint address, HttpProtocols protocol) => new ProtocolEndPoint(address, protocol);

    public bool CanBind(EndPoint endpoint) => endpoint is ProtocolEndPoint;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var (address, protocol) = (ProtocolEndPoint)endpoint;
        // Kestrel binds a server's endpoints one after another, so the first bind opens the socket for both.
        _socket ??= new SharedSocket(await sockets.BindAsync(address, cancellationToken), firstBytesTimeout, time);
        return _socket.ListenerFor(protocol);
    }

    private sealed class ProtocolEndPoint(IPEndPoint address, HttpProtocols protocol) : EndPoint
    {
        public IPEndPoint Address { get; } = address;

        public HttpProtocols Protocol { get; } = protocol;

        public void Deconstruct(out IPEndPoint address, out HttpProtocols protocol) => (address, protocol) = (Address, Protocol);

        // What Kestrel shows for the endpoint before it is bound: the address with the protocol it takes.
        public override string ToString() => $"{Address} ({Protocol})";
    }

    /// <summary>The bound socket: accepts, sorts each connection by its first bytes, and queues it for its endpoint.</summary>
    private sealed class SharedSocket
    {
        private readonly IConnectionListener _socket;
        private readonly TimeSpan _firstBytesTimeout;
        private readonly TimeProvider _time;
        private readonly Channel<ConnectionContext> _http1 = Channel.CreateUnbounded<ConnectionContext>();
        private readonly Channel<ConnectionContext> _http2 = Channel.CreateUnbounded<ConnectionContext>();
        private readonly Task _accepting;
        private int _unbound;
        private int _disposed;

        public SharedSocket(IConnectionListener socket, TimeSpan firstBytesTimeout, TimeProvider time)
        {
            _socket = socket;
            _firstBytesTimeout = firstBytesTimeout;
            _time = time;
            _accepting = AcceptAsync();
        }

        public IConnectionListener ListenerFor(HttpProtocols protocol) =>
            new ProtocolListener(this, protocol == HttpProtocols.Http2 ? _http2 : _http1);

        private async Task AcceptAsync()
        {
            try
            {
                while (await _socket.AcceptAsync() is { } connection)
                {
                    _ = SortAsync(connection);
                }
            }
            catch (Exception) when (Volatile.Read(ref _unbound) == 1)
            {
                // Unbinding ends a pending accept with an error on some platforms; the socket is done either way.
            }
            finally
            {
                _http1.Writer.TryComplete();
                _http2.Writer.TryComplete();
            }
        }

        private async Task SortAsync(ConnectionContext connection)
        {
            var handedOver = false;
            try
            {
                using var idle = new CancellationTokenSource(_firstBytesTimeout, _time);
                var queue = await PriorKnowledge.IsHttp2Async(connection.Transport.Input, idle.Token) ? _http2 : _http1;
                // Refused only once the port is closing: the connection then closes with it.
                handedOver = queue.Writer.TryWrite(connection);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
            {
                // The client sent nothing in time, or went away before saying which protocol it speaks.
            }
            finally
            {
                if (!handedOver)
                {
                    connection.Abort();
                    await connection.DisposeAsync();
                }
            }
        }

        private async ValueTask UnbindAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _unbound, 1) == 0)
            {
                await _socket.UnbindAsync(cancellationToken);
                await _accepting;
            }
        }

        /// <summary>Kestrel disposes each endpoint's listener after that endpoint's connections have closed; the socket goes with the last.</summary>
        private ValueTask DisposeAsync() =>
            Interlocked.Increment(ref _disposed) == 2 ? _socket.DisposeAsync() : ValueTask.CompletedTask;

        private sealed class ProtocolListener(SharedSocket socket, Channel<ConnectionContext> queue) : IConnectionListener
        {
            public EndPoint EndPoint => socket._socket.EndPoint;

            public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
            {
                while (await queue.Reader.WaitToReadAsync(cancellationToken))
                {
                    if (queue.Reader.TryRead(out var connection))
                    {
                        return connection;
                    }
                }
                return null; // unbound, and every sorted connection taken
            }

            public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => socket.UnbindAsync(cancellationToken);

            public ValueTask DisposeAsync() => socket.DisposeAsync();
        }
    }
}

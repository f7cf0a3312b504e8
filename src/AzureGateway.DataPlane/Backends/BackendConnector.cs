using System.Net.Sockets;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The connect step of a cluster's HTTP handler: TCP, then TLS when the cluster has it, within one timeout.
/// Every failure it can name leaves as a <see cref="BackendConnectException"/> that says why, for the log line.
/// </summary>
internal sealed class BackendConnector(BackendTlsHandshake? tls, TimeSpan timeout, TimeProvider time)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = $"{context.DnsEndPoint.Host}:{context.DnsEndPoint.Port}";
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connected = false;
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, linked.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls is not null)
            {
                stream = await tls.AuthenticateAsync(stream, linked.Token);
            }
            connected = true;
            return stream;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException
            && timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var what = tls is null ? "connection" : "connection and TLS handshake";
            throw new BackendConnectException(new BackendFailure(BackendFailureKind.Timeout,
                $"no {what} to {endpoint} within {timeout.TotalSeconds:0.###} s"), e);
        }
        catch (SocketException e)
        {
            throw new BackendConnectException(e.SocketErrorCode == SocketError.ConnectionRefused
                ? new BackendFailure(BackendFailureKind.ConnectionRefused, $"{endpoint} refused the connection")
                : new BackendFailure(BackendFailureKind.ConnectionFailed, $"cannot connect to {endpoint}: {e.Message}"), e);
        }
        finally
        {
            if (!connected)
            {
                // The TLS stream, when there was one, has already closed the socket; a second dispose is harmless.
                socket.Dispose();
            }
        }
    }
}

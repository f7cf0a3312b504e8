using System.Net;
using System.Net.Sockets;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The connect step of a cluster's HTTP handler: TCP, then TLS when the cluster has it, within one timeout.
/// Every failure it can name leaves as a <see cref="BackendConnectException"/> that says why, for the log line, and is
/// told to the cluster's <see cref="EndpointHealth"/>, as is a connection that works.
/// </summary>
internal sealed class BackendConnector
{
    private readonly BackendTlsHandshake? _tls;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    /// <summary>A cluster's connector; the trial connections of <paramref name="health"/> are opened with it.</summary>
    public BackendConnector(BackendTlsHandshake? tls, TimeSpan timeout, TimeProvider time, EndpointHealth health)
        : this(tls, timeout, time, health, trials: true)
    {
    }

    private BackendConnector(BackendTlsHandshake? tls, TimeSpan timeout, TimeProvider time, EndpointHealth health, bool trials)
    {
        _tls = tls;
        _timeout = timeout;
        _time = time;
        Health = health;
        if (trials)
        {
            health.TryAgainWith(ConnectAsync);
        }
    }

    public EndpointHealth Health { get; }

    /// <summary>Whether connections are TLS.</summary>
    public bool UsesTls => _tls is not null;

    /// <summary>The same connector in plain text, for health probes that do not use TLS on a cluster that does.</summary>
    public BackendConnector WithoutTls() => _tls is null ? this : new(null, _timeout, _time, Health, trials: false);

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context.DnsEndPoint, cancellationToken);

    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await OpenAsync(endPoint, cancellationToken);
            if (_tls is null)
            {
                Health.Succeeded(endPoint.Host, endPoint.Port);
            }
            return stream;
        }
        catch (BackendConnectException e)
        {
            Health.Failed(endPoint.Host, endPoint.Port, e.Failure);
            throw;
        }
    }

    private async ValueTask<Stream> OpenAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var endpoint = $"{endPoint.Host}:{endPoint.Port}";
        using var timeoutSource = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connected = false;
        try
        {
            await socket.ConnectAsync(endPoint, linked.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_tls is not null)
            {
                // Over TLS the endpoint is judged healthy by its first answer: with TLS 1.3 a backend refuses our
                // client certificate only after the handshake has completed on our side.
                stream = await _tls.AuthenticateAsync(stream, failure => Answered(endPoint, failure), linked.Token);
            }
            connected = true;
            return stream;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException
            && timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var what = _tls is null ? "connection" : "connection and TLS handshake";
            throw new BackendConnectException(new BackendFailure(BackendFailureKind.Timeout,
                $"no {what} to {endpoint} within {_timeout.TotalSeconds:0.###} s"), e);
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

    private void Answered(DnsEndPoint endPoint, BackendFailure? refused)
    {
        if (refused is null)
        {
            Health.Succeeded(endPoint.Host, endPoint.Port);
        }
        else
        {
            Health.Failed(endPoint.Host, endPoint.Port, refused);
        }
    }
}

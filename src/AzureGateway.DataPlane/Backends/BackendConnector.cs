using System.Net;
using System.Net.Sockets;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The connect step of a cluster's HTTP handler: TCP, then TLS when the cluster has it, within one timeout.
/// Every failure it can name leaves as a <see cref="BackendConnectException"/> that says why, for the log line, and is
/// told to the cluster's <see cref="EndpointHealth"/>, as is a connection that works. The HTTP client says, by the version
/// of the request a connection is opened for, whether it will speak HTTP/2 on it; ALPN offers accordingly
/// (<see cref="BackendAlpn"/>).
/// </summary>
internal sealed class BackendConnector
{
    private readonly BackendTlsHandshake? _tls;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly Http11Endpoints _http11;

    /// <summary>A cluster's connector; the trial connections of <paramref name="health"/> are opened with it.</summary>
    public BackendConnector(BackendTlsHandshake? tls, TimeSpan timeout, TimeProvider time, EndpointHealth health)
        : this(tls, timeout, time, health, new Http11Endpoints(), trials: true)
    {
    }

    private BackendConnector(BackendTlsHandshake? tls, TimeSpan timeout, TimeProvider time, EndpointHealth health, Http11Endpoints http11, bool trials)
    {
        _tls = tls;
        _timeout = timeout;
        _time = time;
        Health = health;
        _http11 = http11;
        if (trials)
        {
            health.TryAgainWith(ConnectAsync);
        }
    }

    public EndpointHealth Health { get; }

    /// <summary>Whether connections are TLS.</summary>
    public bool UsesTls => _tls is not null;

    /// <summary>The same connector in plain text, for health probes that do not use TLS on a cluster that does.</summary>
    public BackendConnector WithoutTls() => _tls is null ? this : new(null, _timeout, _time, Health, _http11, trials: false);

    /// <summary>A connection of the HTTP client's pool: for HTTP/2 when the request that asked for it is HTTP/2.</summary>
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context.DnsEndPoint, context.InitialRequestMessage.Version.Major >= 2 ? ConnectionUse.Http2 : ConnectionUse.Http11, cancellationToken);

    /// <summary>A connection of a TLS route, for bytes that are not HTTP: ALPN offers nothing.</summary>
    public ValueTask<Stream> ConnectStreamAsync(DnsEndPoint endPoint, CancellationToken cancellationToken) =>
        ConnectAsync(endPoint, ConnectionUse.Stream, cancellationToken);

    /// <summary>A trial connection of passive health.</summary>
    public ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken) =>
        ConnectAsync(endPoint, ConnectionUse.Trial, cancellationToken);

    private async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, ConnectionUse use, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await OpenAsync(endPoint, use, cancellationToken);
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

    private async ValueTask<Stream> OpenAsync(DnsEndPoint endPoint, ConnectionUse use, CancellationToken cancellationToken)
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
                var key = EndpointHealth.Key(endPoint.Host, endPoint.Port);
                if (use == ConnectionUse.Http2 && _http11.Contains(key))
                {
                    use = ConnectionUse.Http11;
                }
                stream = await _tls.AuthenticateAsync(stream, use, failure => Answered(endPoint, failure), () => _http11.Add(key), linked.Token);
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

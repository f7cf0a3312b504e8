using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Frontend;
using AzureGateway.IR;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.TlsRouting;

/// <summary>
/// Serves the connections of one TLS port (TLSRoute): reads the ClientHello's SNI without taking it off the connection,
/// within <see cref="DataPlaneOptions.FrontendHandshakeTimeout"/>, picks the route (exact name, then the longest
/// wildcard) and a backend by weight from the configuration current at that moment, then either passes the bytes
/// through to the backend untouched, or terminates TLS with the listener's certificate for the SNI and copies the
/// decrypted bytes to the backend over the cluster's own connector (its TLS, client certificate, SNI and checks, as for
/// HTTP). A connection keeps the configuration it started with, so a new one never cuts it; a changed route applies to
/// the next connection.
/// </summary>
/// <remarks>
/// What a client did wrong (no ClientHello, no route for its SNI, a failed handshake) is one line of the summarising
/// <see cref="ClientFailureLog"/> and counted in its metric; what a backend did is one of <see cref="BackendFailureLog"/>.
/// Either way the client's connection is closed: TLS gives no way to answer before a handshake.
/// </remarks>
internal sealed partial class TlsConnectionHandler(
    ActiveConfig active, int port, DataPlaneOptions options, ClientFailureLog clientFailures, BackendFailureLog backendFailures,
    ILogger<TlsConnectionHandler> logger)
{
    public async Task HandleAsync(ConnectionContext connection)
    {
        var aborted = connection.ConnectionClosed;
        using var handshakeTimeout = new CancellationTokenSource(options.FrontendHandshakeTimeout, options.TimeProvider);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(aborted, handshakeTimeout.Token);
        ClientHello hello;
        try
        {
            hello = await ReadClientHelloAsync(connection.Transport.Input, handshake.Token);
        }
        catch (OperationCanceledException) when (handshakeTimeout.IsCancellationRequested)
        {
            clientFailures.Failed(ClientFailureKind.TlsHandshake, "timeout", "the client sent no complete TLS ClientHello in time");
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return; // the client went away
        }
        if (Refusal(hello) is { } refusal)
        {
            clientFailures.Failed(ClientFailureKind.TlsHandshake, refusal.Reason, refusal.Detail);
            return;
        }

        var config = active.Current;
        var portConfig = config.Ports.GetValueOrDefault(port);
        if (portConfig?.TlsRoutes.Find(hello.ServerName) is not { } route)
        {
            clientFailures.Failed(ClientFailureKind.TlsHandshake, "no_tls_route", hello.ServerName is null
                ? $"the ClientHello has no server name (SNI), which every TLS route on port {port} needs"
                : $"server name {hello.ServerName} matches no TLS route on port {port}");
            return;
        }
        if (Backend(config, route) is not { } backend)
        {
            return;
        }

        await using var client = new DuplexPipeStream(connection.Transport);
        if (route.Mode == TlsRouteModeIr.Passthrough)
        {
            await using var passthrough = await ConnectAsync(route, backend, tls: false, aborted);
            if (passthrough is not null)
            {
                await SpliceAsync(client, passthrough, route, aborted);
            }
            return;
        }

        await using var terminated = new SslStream(client, leaveInnerStreamOpen: true);
        if (!await TerminateAsync(terminated, portConfig.ListenerFor(hello.ServerName), hello.ServerName!, handshake.Token, handshakeTimeout))
        {
            return;
        }
        await using var upstream = await ConnectAsync(route, backend, tls: true, aborted);
        if (upstream is not null)
        {
            await SpliceAsync(terminated, upstream, route, aborted);
        }
        await CloseNotifyAsync(terminated);
    }

    private async Task SpliceAsync(Stream client, Stream backend, TlsRoute route, CancellationToken aborted)
    {
        if (await ByteSplice.RunAsync(client, backend, options.TlsRouteIdleTimeout, options.TimeProvider, aborted))
        {
            Log.Idle(logger, route.Name, port, options.TlsRouteIdleTimeout);
        }
    }

    /// <summary>
    /// Ends the gateway's TLS session with the client with a close_notify alert, so a client reading to the end sees a
    /// clean end rather than a truncation (OpenSSL 3 reports a bare FIN as "unexpected eof").
    /// </summary>
    private static async Task CloseNotifyAsync(SslStream terminated)
    {
        try
        {
            await terminated.ShutdownAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client is gone already.
        }
    }

    /// <summary>Reads until the ClientHello is complete or cannot be one, leaving every byte on the connection.</summary>
    private static async Task<ClientHello> ReadClientHelloAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var hello = ClientHello.Read(read.Buffer);
            if (hello.Status != ClientHelloStatus.Incomplete || read.IsCompleted)
            {
                input.AdvanceTo(read.Buffer.Start);
                return hello.Status == ClientHelloStatus.Incomplete ? new ClientHello(ClientHelloStatus.NotAClientHello, null) : hello;
            }
            // Nothing taken, everything looked at: the next read waits for more bytes.
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static (string Reason, string Detail)? Refusal(ClientHello hello) => hello.Status switch
    {
        ClientHelloStatus.NotAClientHello => ("not_a_client_hello", "the client sent something other than a TLS ClientHello"),
        ClientHelloStatus.TooLarge => ("client_hello_too_large", $"the ClientHello is larger than the {ClientHello.MaxBytes} bytes read to route it"),
        _ => null,
    };

    /// <summary>
    /// A backend picked by weight. One whose cluster cannot be used keeps its share, and the connections it is picked
    /// for are closed, as the spec asks of a backendRef that cannot be used; one with no endpoint in rotation gives its
    /// share to the others, as for HTTP.
    /// </summary>
    private (BackendCluster Cluster, string Destination)? Backend(DataPlaneConfig config, TlsRoute route)
    {
        var picked = route.Backends.PickAmong(b => config.Clusters.GetValueOrDefault(b.Cluster) is { } c && (c.Failure is not null || c.Serving))
            ?? route.Backends.Pick();
        if (picked is null || config.Clusters.GetValueOrDefault(picked.Cluster) is not { } cluster)
        {
            backendFailures.Failed(route.Name, picked?.Cluster ?? "(none)", "(none)",
                new BackendFailure(BackendFailureKind.ConnectionFailed, "the route has no backend with a positive weight; the connection is closed"));
            return null;
        }
        if (cluster.Failure is not null || cluster.Client is null)
        {
            backendFailures.Failed(route.Name, cluster.Name, "(none)",
                new BackendFailure(BackendFailureKind.ConnectionFailed, $"the cluster cannot be used, so the connection is closed: {cluster.Failure}"));
            return null;
        }
        if (cluster.PickDestination() is not { } destination)
        {
            backendFailures.Failed(route.Name, cluster.Name, "(none)",
                new BackendFailure(BackendFailureKind.ConnectionFailed, "no endpoint is in rotation; the connection is closed"));
            return null;
        }
        return (cluster, destination);
    }

    /// <summary>The backend connection (with the cluster's TLS when <paramref name="tls"/> and it has any), or null when it failed.</summary>
    private async Task<Stream?> ConnectAsync(TlsRoute route, (BackendCluster Cluster, string Destination) backend, bool tls, CancellationToken aborted)
    {
        var (cluster, destination) = backend;
        var connector = tls ? cluster.Client!.Connector : cluster.Client!.Connector.WithoutTls();
        var uri = new Uri(destination);
        try
        {
            return await connector.ConnectStreamAsync(new DnsEndPoint(uri.DnsSafeHost, uri.Port), aborted);
        }
        catch (BackendConnectException e)
        {
            backendFailures.Failed(route.Name, cluster.Name, destination, e.Failure);
            return null;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return null; // the client went away while the backend was being reached
        }
    }

    /// <summary>
    /// The gateway's side of the client's TLS, with the certificate, versions and cipher suites of the listener the SNI
    /// chose. No ALPN is offered: the bytes inside are not the gateway's to interpret.
    /// </summary>
    private async Task<bool> TerminateAsync(
        SslStream stream, ListenerTlsConfig? listener, string serverName, CancellationToken handshake, CancellationTokenSource handshakeTimeout)
    {
        if (listener?.Certificate is null)
        {
            clientFailures.Failed(ClientFailureKind.TlsHandshake, "refused_by_listener",
                $"port {port} has no usable certificate for {serverName}{(listener?.Unusable is { } why ? $": {why}" : "")}");
            return false;
        }
        try
        {
            await stream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = listener.Certificate,
                EnabledSslProtocols = listener.Protocols,
                CipherSuitesPolicy = listener.CipherSuitesPolicy,
            }, handshake);
            return true;
        }
        catch (OperationCanceledException) when (handshakeTimeout.IsCancellationRequested)
        {
            clientFailures.Failed(ClientFailureKind.TlsHandshake, "timeout", "the client did not complete the handshake in time");
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            clientFailures.TlsHandshakeFailed(e);
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        return false;
    }

    private static partial class Log
    {
        // Debug: an idle close is the limit working, and a pool of idle database sessions would otherwise fill the log.
        [LoggerMessage(Level = LogLevel.Debug, Message = "TLS route {Route} on port {Port}: connection closed after carrying nothing for {IdleTimeout}")]
        public static partial void Idle(ILogger logger, string route, int port, TimeSpan idleTimeout);
    }
}

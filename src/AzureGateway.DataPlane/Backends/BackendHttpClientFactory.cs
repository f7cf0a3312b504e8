using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// YARP's client factory (proxy-correct defaults: no cookies, redirects, decompression or system proxy) with
/// the connect step replaced by the cluster's <see cref="BackendConnector"/>. One factory builds the one
/// client of one cluster.
/// </summary>
internal sealed class BackendHttpClientFactory(BackendConnector connector, BackendPoolLimits limits, bool traced) : ForwarderHttpClientFactory
{
    /// <summary>Bounds how long a pooled connection is reused, so DNS changes and rotated backends are picked up.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    public HttpMessageInvoker CreateClient(string clusterName) =>
        CreateClient(new ForwarderHttpClientContext { ClusterId = clusterName, NewConfig = HttpClientConfig.Empty });

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectCallback = connector.ConnectAsync;
        // The connector applies its own timeout to connect and handshake together, so that a slow backend
        // is reported as a timeout with its address instead of as a cancelled request.
        handler.ConnectTimeout = Timeout.InfiniteTimeSpan;
        handler.PooledConnectionLifetime = PooledConnectionLifetime;
        // YARP sets no limit; requests beyond it queue in the handler for a free connection. It counts HTTP/2
        // connections too, which open only when every stream of the others is in use.
        handler.MaxConnectionsPerServer = limits.MaxConnectionsPerServer;
        handler.EnableMultipleHttp2Connections = limits.MultipleHttp2Connections;
        handler.PooledConnectionIdleTimeout = limits.IdleTimeout;
        // Without a propagator the handler makes no span and sends no trace headers: a noticeable cost per
        // request, worth paying only where traces are exported. YARP's propagator replaces the client's headers.
        if (!traced)
        {
            handler.ActivityHeadersPropagator = null;
        }
    }
}

/// <summary>The limits of a cluster's connection pool (<see cref="DataPlaneOptions"/>).</summary>
internal sealed record BackendPoolLimits(int MaxConnectionsPerServer, bool MultipleHttp2Connections, TimeSpan IdleTimeout)
{
    /// <summary>Health probes: one connection per endpoint is plenty for one probe per interval.</summary>
    public static BackendPoolLimits Probes { get; } = new(1, false, TimeSpan.FromMinutes(1));

    public static BackendPoolLimits From(DataPlaneOptions options) =>
        new(options.MaxConnectionsPerBackend, options.EnableMultipleHttp2Connections, options.BackendConnectionIdleTimeout);
}

using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// YARP's client factory (proxy-correct defaults: no cookies, redirects, decompression or system proxy) with
/// the connect step replaced by the cluster's <see cref="BackendConnector"/>. One factory builds the one
/// client of one cluster.
/// </summary>
internal sealed class BackendHttpClientFactory(BackendConnector connector, int maxConnectionsPerServer, bool traced) : ForwarderHttpClientFactory
{
    /// <summary>Bounds how long a pooled connection is reused, so DNS changes and rotated backends are picked up.</summary>
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

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
        // YARP sets no limit; requests beyond it queue in the handler for a free connection.
        handler.MaxConnectionsPerServer = maxConnectionsPerServer;
        // Without a propagator the handler makes no span and sends no trace headers: a noticeable cost per
        // request, worth paying only where traces are exported. YARP's propagator replaces the client's headers.
        if (!traced)
        {
            handler.ActivityHeadersPropagator = null;
        }
    }
}

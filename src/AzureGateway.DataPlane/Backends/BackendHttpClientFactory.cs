using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// YARP's client factory (proxy-correct defaults: no cookies, redirects, decompression or system proxy) with
/// the connect step replaced by the cluster's <see cref="BackendConnector"/>. One factory builds the one
/// client of one cluster.
/// </summary>
internal sealed class BackendHttpClientFactory(BackendConnector connector) : ForwarderHttpClientFactory
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
        // Trace headers are not propagated: measured as a noticeable cost per request, and nothing here reads them.
        handler.ActivityHeadersPropagator = null;
    }
}

using AzureGateway.IR;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Routing;

/// <summary>
/// One backendRef of a route, compiled: the cluster it names, the transformer that applies the rule's filters and
/// then its own, and the mirrors a request sent to it is copied to.
/// </summary>
internal sealed class RouteBackend(string cluster, HttpTransformer transformer, IReadOnlyList<MirrorIr> mirrors)
{
    public string Cluster { get; } = cluster;

    /// <summary><see cref="HttpTransformer.Empty"/> when neither the rule nor the backendRef changes the request or its answer.</summary>
    public HttpTransformer Transformer { get; } = transformer;

    public IReadOnlyList<MirrorIr> Mirrors { get; } = mirrors;
}

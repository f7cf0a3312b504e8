using System.Collections.Frozen;
using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>
/// Everything a request or a handshake needs, compiled from one <see cref="GatewayIr"/> and never changed.
/// A request reads the current configuration once and uses it to the end, so swapping in the next one is a
/// single reference assignment and in-flight requests finish on the settings they started with.
/// </summary>
internal sealed class DataPlaneConfig(
    GatewayIr ir,
    FrozenDictionary<int, PortConfig> ports,
    FrozenDictionary<string, BackendCluster> clusters,
    CertificateContexts certificates,
    IReadOnlyDictionary<RouteMatchIr, RouteMatcher> matchers)
{
    public static DataPlaneConfig Empty { get; } = new(
        GatewayIr.Empty, FrozenDictionary<int, PortConfig>.Empty, FrozenDictionary<string, BackendCluster>.Empty, CertificateContexts.Empty,
        FrozenDictionary<RouteMatchIr, RouteMatcher>.Empty);

    public GatewayIr Ir { get; } = ir;

    /// <summary>By the port number of the IR (before any offset).</summary>
    public FrozenDictionary<int, PortConfig> Ports { get; } = ports;

    public FrozenDictionary<string, BackendCluster> Clusters { get; } = clusters;
    public CertificateContexts Certificates { get; } = certificates;

    /// <summary>
    /// Every compiled route match, by its IR (a value), so the next build reuses them: compiling regular
    /// expressions for tens of thousands of routes was a large part of applying a one-Secret change.
    /// </summary>
    public IReadOnlyDictionary<RouteMatchIr, RouteMatcher> Matchers { get; } = matchers;
}

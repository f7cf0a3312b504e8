using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.TlsRouting;

/// <summary>A compiled <see cref="TlsRouteIr"/>: its name, mode, and backends picked by weight.</summary>
internal sealed class TlsRoute(TlsRouteIr ir)
{
    public string Name { get; } = ir.Name;

    public TlsRouteModeIr Mode { get; } = ir.Mode;

    /// <summary>The backends by weight; they name clusters, looked up in the configuration a connection started with.</summary>
    public WeightedClusters Backends { get; } =
        new(ir.Backends.Select(b => (new RouteBackend(b.Cluster, HttpTransformer.Empty, []), b.Weight)));
}

/// <summary>
/// The TLS routes of a TLS port by SNI: an exact name first, then the longest wildcard (<see cref="HostnameTable{T}"/>).
/// A ClientHello without SNI matches none, since a TLSRoute always names its hostnames.
/// </summary>
internal sealed class TlsRouteTable(EquatableArray<TlsRouteIr> routes)
{
    private readonly HostnameTable<TlsRoute> _routes = new(routes.Select(r => ((string?)r.Hostname, new TlsRoute(r))));

    public static TlsRouteTable Empty { get; } = new(EquatableArray<TlsRouteIr>.Empty);

    public TlsRoute? Find(string? serverName) => string.IsNullOrEmpty(serverName) ? null : _routes.Find(serverName);
}

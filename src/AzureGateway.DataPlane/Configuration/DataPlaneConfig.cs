using System.Collections.Frozen;
using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Metrics;
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
    IReadOnlyDictionary<string, BackendCluster> clusters,
    CertificateContexts certificates,
    ClientCertificateAuthorities clientCertificateAuthorities)
{
    // Read only by the metrics (a collection, or comparing with the next configuration), so computed on first use.
    private readonly Lazy<IReadOnlyList<CertificateInUse>> _certificatesInUse = new(() => CertificateInUse.Of(ir));

    public static DataPlaneConfig Empty { get; } = new(
        GatewayIr.Empty, FrozenDictionary<int, PortConfig>.Empty, FrozenDictionary<string, BackendCluster>.Empty,
        CertificateContexts.Empty, ClientCertificateAuthorities.Empty);

    public GatewayIr Ir { get; } = ir;

    /// <summary>By the port number of the IR (before any offset).</summary>
    public FrozenDictionary<int, PortConfig> Ports { get; } = ports;

    /// <summary>By name; routes name their clusters. Not frozen: freezing ten thousand names cost more than it saved.</summary>
    public IReadOnlyDictionary<string, BackendCluster> Clusters { get; } = clusters;
    public CertificateContexts Certificates { get; } = certificates;
    public ClientCertificateAuthorities ClientCertificateAuthorities { get; } = clientCertificateAuthorities;

    /// <summary>The certificates this configuration uses, for their expiry and rotations.</summary>
    public IReadOnlyList<CertificateInUse> CertificatesInUse => _certificatesInUse.Value;
}

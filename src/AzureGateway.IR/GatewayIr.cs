namespace AzureGateway.IR;

/// <summary>
/// What the data plane serves, with no Kubernetes in it: ports with their certificates and virtual hosts,
/// and the clusters routes send to. Produced by the translator; swapped into the data plane whole.
/// </summary>
public sealed record GatewayIr
{
    public static readonly GatewayIr Empty = new();

    /// <summary>Ports to listen on, sorted by port number.</summary>
    public EquatableArray<PortIr> Ports { get; init; } = EquatableArray<PortIr>.Empty;

    /// <summary>Clusters routes refer to by name, sorted by name.</summary>
    public EquatableArray<ClusterIr> Clusters { get; init; } = EquatableArray<ClusterIr>.Empty;
}

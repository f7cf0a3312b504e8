namespace AzureGateway.IR;

/// <summary>What the gateway does with the TLS of a connection a TLS route takes.</summary>
public enum TlsRouteModeIr
{
    /// <summary>The bytes go to the backend untouched: the backend terminates the client's TLS.</summary>
    Passthrough,

    /// <summary>
    /// The gateway terminates the client's TLS with the port's listener certificate for the SNI, then copies the
    /// decrypted bytes to the backend, over TLS when the backend's cluster has it.
    /// </summary>
    Terminate,
}

/// <summary>
/// Connections whose SNI matches <c>Hostname</c> (exact, or <c>*.suffix</c> for one or more labels), sent to one of
/// <c>Backends</c> picked by weight. A backend whose cluster has a <c>Failure</c> takes its share of connections and
/// closes them, as the spec asks for a backendRef that cannot be used.
/// </summary>
public sealed record TlsRouteIr
{
    public required string Hostname { get; init; }

    /// <summary>The route it came from, e.g. <c>tlsroute/default/db</c>.</summary>
    public required string Name { get; init; }

    public required TlsRouteModeIr Mode { get; init; }

    public EquatableArray<WeightedClusterIr> Backends { get; init; } = EquatableArray<WeightedClusterIr>.Empty;
}

namespace AzureGateway.Model.GatewayApi;

/// <summary>
/// Gateway API <c>TLSRoute</c> (<c>gateway.networking.k8s.io/v1</c>, standard channel since v1.5): connections to a
/// <c>protocol: TLS</c> listener routed by the ClientHello's server name (SNI) to weighted backends.
/// </summary>
public sealed class TlsRoute : KubernetesResource<TlsRouteSpec>
{
    public RouteStatus? Status { get; set; }
}

public sealed class TlsRouteSpec
{
    public List<ParentReference>? ParentRefs { get; set; }

    /// <summary>SNI names, exact or <c>*.</c> wildcard; the CRD requires at least one.</summary>
    public List<string>? Hostnames { get; set; }

    /// <summary>Exactly one rule in v1 (the CRD's minItems and maxItems are both 1).</summary>
    public List<TlsRouteRule>? Rules { get; set; }
}

public sealed class TlsRouteRule
{
    public string? Name { get; set; }
    public List<TlsBackendRef>? BackendRefs { get; set; }
}

/// <summary>Gateway API <c>BackendRef</c>: an object reference with a weight, and no filters.</summary>
public sealed class TlsBackendRef : IBackendObjectReference
{
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public int? Port { get; set; }
    public int? Weight { get; set; }
}

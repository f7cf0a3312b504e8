namespace AzureGateway.Model.GatewayApi;

/// <summary>
/// Gateway API <c>GRPCRoute</c>: gRPC calls routed by hostname, service, method and headers. Its filters,
/// backendRefs and status have the shapes of an HTTPRoute's, restricted to what gRPC needs.
/// </summary>
public sealed class GrpcRoute : KubernetesResource<GrpcRouteSpec>
{
    public RouteStatus? Status { get; set; }
}

public sealed class GrpcRouteSpec
{
    public List<ParentReference>? ParentRefs { get; set; }
    public List<string>? Hostnames { get; set; }
    public List<GrpcRouteRule>? Rules { get; set; }
}

public sealed class GrpcRouteRule
{
    public string? Name { get; set; }
    public List<GrpcRouteMatch>? Matches { get; set; }
    public List<GrpcRouteFilter>? Filters { get; set; }
    public List<GrpcBackendRef>? BackendRefs { get; set; }

    /// <summary>Read only to be refused (experimental channel, not served): its fields are not modelled.</summary>
    public Dictionary<string, object?>? SessionPersistence { get; set; }
}

public sealed class GrpcRouteMatch
{
    /// <summary>Absent: every service and method.</summary>
    public GrpcMethodMatch? Method { get; set; }

    /// <summary>The CRD's GRPCHeaderMatch has the very shape of an HTTPRoute's header match.</summary>
    public List<HttpHeaderMatch>? Headers { get; set; }
}

public sealed class GrpcMethodMatch
{
    /// <summary>Exact (the default) or RegularExpression, for both the service and the method.</summary>
    public string? Type { get; set; }

    /// <summary>The fully qualified service (<c>package.Service</c>); absent for any.</summary>
    public string? Service { get; set; }

    /// <summary>The method; absent for any.</summary>
    public string? Method { get; set; }
}

/// <summary>
/// One filter: <c>Type</c> names it (RequestHeaderModifier, ResponseHeaderModifier, RequestMirror or ExtensionRef)
/// and the field of that name holds its settings, of the same types as an HTTPRoute filter's.
/// </summary>
public sealed class GrpcRouteFilter
{
    public string Type { get; set; } = "";
    public HttpHeaderFilter? RequestHeaderModifier { get; set; }
    public HttpHeaderFilter? ResponseHeaderModifier { get; set; }
    public HttpRequestMirrorFilter? RequestMirror { get; set; }
    public LocalObjectReference? ExtensionRef { get; set; }
}

public sealed class GrpcBackendRef : IBackendObjectReference
{
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public int? Port { get; set; }
    public int? Weight { get; set; }
    public List<GrpcRouteFilter>? Filters { get; set; }
}

namespace AzureGateway.IR;

/// <summary>
/// One match of one rule of one route. Routes of a virtual host are already in the Gateway API's
/// precedence order; the first whose match holds serves the request.
/// </summary>
public sealed record RouteIr
{
    /// <summary>Stable id, e.g. <c>httproute/default/backend/rule/0/match/0</c>.</summary>
    public required string Name { get; init; }
    public required RouteMatchIr Match { get; init; }

    /// <summary>
    /// What the route serves: a gRPC route answers its own failures the way gRPC clients read them (a
    /// <c>grpc-status</c>), not with an HTTP error body.
    /// </summary>
    public RouteProtocolIr Protocol { get; init; } = RouteProtocolIr.Http;

    /// <summary>Weighted clusters; an empty list (or all weights zero) answers 500.</summary>
    public EquatableArray<WeightedClusterIr> Backends { get; init; } = EquatableArray<WeightedClusterIr>.Empty;

    /// <summary>The rule's filters, applied to every request it serves before a backend's own; null for none.</summary>
    public HttpFiltersIr? Filters { get; init; }

    /// <summary>When set, the route answers with this redirect and no backend is contacted.</summary>
    public RedirectIr? Redirect { get; init; }

    /// <summary>Cross-origin requests: preflights are answered by the gateway, other answers get the CORS headers.</summary>
    public CorsIr? Cors { get; init; }

    public RouteTimeoutsIr? Timeouts { get; init; }
    public RetryIr? Retry { get; init; }

    /// <summary>Keeps a client on the backend endpoint it first reached; null for none.</summary>
    public SessionAffinityIr? SessionAffinity { get; init; }

    /// <summary>
    /// Why this route must answer 500 instead of serving (a filter that cannot be honoured, such as an
    /// ExtensionRef to a kind the gateway does not know), in words for a person; null when it serves.
    /// </summary>
    public string? Failure { get; init; }
}

/// <summary>The kind of traffic a route serves.</summary>
public enum RouteProtocolIr
{
    /// <summary>HTTP (an HTTPRoute).</summary>
    Http,

    /// <summary>gRPC (a GRPCRoute).</summary>
    Grpc,
}

namespace AzureGateway.Model.GatewayApi;

public sealed class HttpRoute : KubernetesResource<HttpRouteSpec>
{
    public RouteStatus? Status { get; set; }
}

public sealed class HttpRouteSpec
{
    public List<ParentReference>? ParentRefs { get; set; }
    public List<string>? Hostnames { get; set; }
    public List<HttpRouteRule>? Rules { get; set; }
}

public sealed class HttpRouteRule
{
    public string? Name { get; set; }
    public List<HttpRouteMatch>? Matches { get; set; }
    public List<HttpRouteFilter>? Filters { get; set; }
    public List<HttpBackendRef>? BackendRefs { get; set; }
}

public sealed class HttpRouteMatch
{
    public HttpPathMatch? Path { get; set; }
    public List<HttpHeaderMatch>? Headers { get; set; }
    public List<HttpQueryParamMatch>? QueryParams { get; set; }
    public string? Method { get; set; }
}

public sealed class HttpPathMatch
{
    /// <summary>Exact, PathPrefix (the default) or RegularExpression.</summary>
    public string? Type { get; set; }
    public string? Value { get; set; }
}

public sealed class HttpHeaderMatch
{
    /// <summary>Exact (the default) or RegularExpression.</summary>
    public string? Type { get; set; }
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}

public sealed class HttpQueryParamMatch
{
    public string? Type { get; set; }
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>Filters are read so that unsupported ones can be reported; their fields are not modelled yet.</summary>
public sealed class HttpRouteFilter
{
    public string Type { get; set; } = "";
}

public sealed class HttpBackendRef
{
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public int? Port { get; set; }
    public int? Weight { get; set; }
    public List<HttpRouteFilter>? Filters { get; set; }
}

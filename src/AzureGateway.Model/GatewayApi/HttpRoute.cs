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
    public HttpRouteTimeouts? Timeouts { get; set; }
    public HttpRouteRetry? Retry { get; set; }

    /// <summary>Read only to be refused (experimental channel, not served): its fields are not modelled.</summary>
    public Dictionary<string, object?>? SessionPersistence { get; set; }
}

/// <summary>Gateway API durations (GEP-2257), kept as written: <c>10s</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
public sealed class HttpRouteTimeouts
{
    public string? Request { get; set; }
    public string? BackendRequest { get; set; }
}

public sealed class HttpRouteRetry
{
    public List<int>? Codes { get; set; }
    public int? Attempts { get; set; }
    public string? Backoff { get; set; }
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

/// <summary>
/// One filter: <c>Type</c> names it and the field of that name holds its settings (the API server insists that
/// exactly that field is set).
/// </summary>
public sealed class HttpRouteFilter
{
    public string Type { get; set; } = "";
    public HttpHeaderFilter? RequestHeaderModifier { get; set; }
    public HttpHeaderFilter? ResponseHeaderModifier { get; set; }
    public HttpRequestRedirectFilter? RequestRedirect { get; set; }
    public HttpUrlRewriteFilter? UrlRewrite { get; set; }
    public HttpRequestMirrorFilter? RequestMirror { get; set; }
    public HttpCorsFilter? Cors { get; set; }
    public LocalObjectReference? ExtensionRef { get; set; }
}

public sealed class HttpHeaderFilter
{
    public List<HttpHeader>? Set { get; set; }
    public List<HttpHeader>? Add { get; set; }
    public List<string>? Remove { get; set; }
}

public sealed class HttpHeader
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>ReplaceFullPath or ReplacePrefixMatch, with the field of the same name holding the value.</summary>
public sealed class HttpPathModifier
{
    public string? Type { get; set; }
    public string? ReplaceFullPath { get; set; }
    public string? ReplacePrefixMatch { get; set; }
}

public sealed class HttpRequestRedirectFilter
{
    public string? Scheme { get; set; }
    public string? Hostname { get; set; }
    public HttpPathModifier? Path { get; set; }
    public int? Port { get; set; }
    public int? StatusCode { get; set; }
}

public sealed class HttpUrlRewriteFilter
{
    public string? Hostname { get; set; }
    public HttpPathModifier? Path { get; set; }
}

public sealed class HttpRequestMirrorFilter
{
    public BackendObjectReference? BackendRef { get; set; }
    public int? Percent { get; set; }
    public MirrorFraction? Fraction { get; set; }
}

public sealed class MirrorFraction
{
    public int? Numerator { get; set; }
    public int? Denominator { get; set; }
}

public sealed class HttpCorsFilter
{
    public List<string>? AllowOrigins { get; set; }
    public bool? AllowCredentials { get; set; }
    public List<string>? AllowMethods { get; set; }
    public List<string>? AllowHeaders { get; set; }
    public List<string>? ExposeHeaders { get; set; }
    public int? MaxAge { get; set; }
}

/// <summary>What a backendRef and a mirror's backendRef have in common: the object they point at.</summary>
public interface IBackendObjectReference
{
    string? Group { get; }
    string? Kind { get; }
    string Name { get; }
    string? Namespace { get; }
    int? Port { get; }
}

/// <summary>Gateway API <c>BackendObjectReference</c>, as a RequestMirror filter names its backend.</summary>
public sealed class BackendObjectReference : IBackendObjectReference
{
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public int? Port { get; set; }
}

public sealed class HttpBackendRef : IBackendObjectReference
{
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public int? Port { get; set; }
    public int? Weight { get; set; }
    public List<HttpRouteFilter>? Filters { get; set; }
}

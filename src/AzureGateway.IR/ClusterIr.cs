namespace AzureGateway.IR;

/// <summary>
/// A set of endpoints reached the same way. A cluster whose settings could not be honoured carries a
/// <c>Failure</c>: the data plane answers 500 for it and never contacts it (no plain-text fallback).
/// </summary>
public sealed record ClusterIr
{
    /// <summary>
    /// Stable id, e.g. <c>test-infra/gateway-01/service/test-infra/mtls-app/443</c> or
    /// <c>default/eg/backend/default/tls-backend</c>: per Gateway, because the client certificate is.
    /// </summary>
    public required string Name { get; init; }
    public EquatableArray<EndpointIr> Endpoints { get; init; } = EquatableArray<EndpointIr>.Empty;

    /// <summary>TLS to the endpoints, or null for plain HTTP.</summary>
    public UpstreamTlsIr? Tls { get; init; }

    /// <summary>The HTTP version spoken to the endpoints (over TLS as ALPN offers it; in plain text, HTTP/2 is h2c).</summary>
    public BackendProtocolIr Protocol { get; init; } = BackendProtocolIr.Http11;

    /// <summary>Active health probes sent to each endpoint (AGC HealthCheckPolicy), or null for none.</summary>
    public HealthCheckIr? HealthCheck { get; init; }

    /// <summary>Why this cluster must not be used, in words for a person; null when it is usable.</summary>
    public string? Failure { get; init; }
}

/// <summary>The HTTP version a cluster's endpoints are spoken to with.</summary>
public enum BackendProtocolIr
{
    /// <summary>HTTP/1.1 only (ALPN <c>http/1.1</c>), the default for a backend that declares nothing.</summary>
    Http11,

    /// <summary>HTTP/2 only: ALPN <c>h2</c> over TLS, prior knowledge (h2c) in plain text. gRPC needs it.</summary>
    Http2,

    /// <summary>Over TLS, ALPN offers <c>h2</c> then <c>http/1.1</c> and the backend's choice is used; HTTP/1.1 in plain text.</summary>
    Negotiated,
}

/// <summary>A host (IP address or DNS name) and port.</summary>
public sealed record EndpointIr
{
    public required string Host { get; init; }
    public required int Port { get; init; }
}
